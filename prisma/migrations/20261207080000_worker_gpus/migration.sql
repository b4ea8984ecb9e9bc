-- What a worker can hold besides its slots (concurrency): its GPUs and the memory of its smallest GPU (MB,
-- NULL where unknown), which placement checks a study's resources.gpuMemoryMb against.
ALTER TABLE "workers" ADD COLUMN "gpus" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "workers" ADD COLUMN "gpu_memory_mb" INTEGER;
