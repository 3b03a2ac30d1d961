// One Prisma client per process. SQLite through the better-sqlite3 driver adapter (no Prisma
// engine binaries are downloadable here; see docs/decisions/0001-toolchain.md).
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export type Db = PrismaClient;

export function createDb(databaseUrl: string): PrismaClient {
  if (databaseUrl.startsWith("file:")) {
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
  }
  throw new Error(`unsupported DATABASE_URL scheme: ${databaseUrl.split(":")[0]} (expected file:)`);
}

declare global {
  // eslint-disable-next-line no-var
  var __gripDb: PrismaClient | undefined;
}

/** The process-wide client (kept across dev-server reloads). */
export function db(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  globalThis.__gripDb ??= createDb(url);
  return globalThis.__gripDb;
}
