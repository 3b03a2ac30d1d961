// Prisma 6.19 without downloaded engines: migrations run through the WASM schema engine with the
// better-sqlite3 driver adapter, and the runtime client uses the WASM query compiler
// (engineType = "client" in schema.prisma). See docs/decisions/0001-toolchain.md.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    return new PrismaBetterSQLite3({ url });
  },
});
