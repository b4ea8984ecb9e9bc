import pg from "pg";

/**
 * The hot statements' way to PostgreSQL (a worker's claim, report and finish, the scheduler's insert and
 * poll): plain `pg` with named prepared statements, which PostgreSQL plans once per connection. Prisma's
 * client-engine path compiles and maps every call in JavaScript and WebAssembly, several times the CPU
 * of the statement itself; everything else still goes through Prisma.
 */
export interface SqlClient {
  /** Runs the statement prepared under `name` (one name, one text) and returns its rows. */
  query<R extends object>(name: string, text: string, values: readonly unknown[]): Promise<R[]>;
  end(): Promise<void>;
}

/** A SqlClient on a pg pool (the one the Prisma adapter uses too, so both share its connections). */
export class PoolSql implements SqlClient {
  constructor(readonly pool: pg.Pool) {}

  async query<R extends object>(name: string, text: string, values: readonly unknown[]): Promise<R[]> {
    const result = await this.pool.query<R>({ name, text, values: [...values] });
    return result.rows;
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}
