import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A self-contained server bundle for the container image (frontend/Dockerfile sets
  // NEXT_STANDALONE=1); `next start` (make run, e2e) warns about standalone builds, so not there.
  output: process.env.NEXT_STANDALONE === "1" ? "standalone" : undefined,
  // The e2e script builds into its own directory (its API URL differs), leaving `make run`'s alone.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
