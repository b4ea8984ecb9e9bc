-- Projects and API keys (issue #15). Every existing study moves to the `default` project (id 1, which
-- is also the column's default, so a writer that names no project keeps working). No semicolon inside a
-- statement: Prisma's pg adapter splits a migration at every one.
CREATE TABLE "projects" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "projects_name_key" ON "projects"("name");

INSERT INTO "projects" ("id", "name") VALUES (1, 'default');

SELECT setval(pg_get_serial_sequence('projects', 'id'), 1);

ALTER TABLE "studies" ADD COLUMN "project_id" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "studies" ADD CONSTRAINT "studies_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE INDEX "studies_project_id_id_idx" ON "studies"("project_id", "id");

CREATE TABLE "api_keys" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "study_submissions" (
    "project_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "body_hash" TEXT NOT NULL,
    "study_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "study_submissions_pkey" PRIMARY KEY ("project_id", "key")
);

ALTER TABLE "study_submissions" ADD CONSTRAINT "study_submissions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "study_submissions" ADD CONSTRAINT "study_submissions_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
