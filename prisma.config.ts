// Prisma CLI configuration. The CLI runs its bundled WebAssembly schema engine through the pg driver
// adapter, so `migrate deploy` needs no native engine download (see README, "Prisma offline").
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const connectionString = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rectune";
process.env.DATABASE_URL = connectionString;

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString }),
});
