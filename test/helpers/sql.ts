import pg from "pg";

/**
 * Plain SQL on a test database: the one door through which integration tests read or write rows the
 * store contract does not offer (a trial's worker, legacy rows, query plans, deleting a row to fire a
 * trigger). Production code reaches PostgreSQL only through @rectune/store.
 */
export class TestSql {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  async rows<R extends object>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(text, [...values])).rows;
  }

  async one<R extends object>(text: string, values: readonly unknown[] = []): Promise<R> {
    const [row] = await this.rows<R>(text, values);
    if (!row) throw new Error(`no row from: ${text}`);
    return row;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
