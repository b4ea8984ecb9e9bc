/** Interactions as read from a file, before re-indexing: original ids, optional ratings and timestamps. */
export interface RawInteractions {
  readonly file: string;
  readonly users: string[];
  readonly items: string[];
  readonly ratings: Float64Array | null;
  readonly timestamps: Float64Array | null;
}

/** Categorical features per original id, as `field=value` tokens (`genre=Comedy`, `gender=F`). */
export type RawFeatures = Map<string, string[]>;

/** Collects rows into a RawInteractions without knowing the row count in advance. */
export class RawInteractionsBuilder {
  private readonly users: string[] = [];
  private readonly items: string[] = [];
  private readonly ratings: number[] = [];
  private readonly timestamps: number[] = [];

  constructor(
    private readonly file: string,
    private readonly hasRatings: boolean,
    private readonly hasTimestamps: boolean,
  ) {}

  add(user: string, item: string, rating: number, timestamp: number): void {
    this.users.push(user);
    this.items.push(item);
    if (this.hasRatings) this.ratings.push(rating);
    if (this.hasTimestamps) this.timestamps.push(timestamp);
  }

  build(): RawInteractions {
    return {
      file: this.file,
      users: this.users,
      items: this.items,
      ratings: this.hasRatings ? Float64Array.from(this.ratings) : null,
      timestamps: this.hasTimestamps ? Float64Array.from(this.timestamps) : null,
    };
  }
}
