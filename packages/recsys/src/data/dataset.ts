/** Sparse binary features per entity, CSR: entity e has feature indices `indices[offsets[e]..offsets[e+1])`. */
export interface FeatureTable {
  readonly names: string[];
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}

/**
 * Implicit-feedback interactions after preprocessing: users and items re-indexed to 0..n-1, one positive
 * per (user, item), with a timestamp (the row order when the file has none).
 */
export interface Dataset {
  readonly numUsers: number;
  readonly numItems: number;
  readonly userIds: string[];
  readonly itemIds: string[];
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly timestamps: Float64Array;
  /** Multi-hot item features (genres), or null when none were given. */
  readonly itemFeatures: FeatureTable | null;
  /** One-hot user features (demographics), or null. */
  readonly userFeatures: FeatureTable | null;
}
