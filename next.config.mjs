/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project in a step of its own (tsc, run after this build has generated Next's
  // route types into .next/types), so the build it makes for the end-to-end tests skips Next's identical second pass.
  // `npm run build`, the demo and the Dockerfile keep it.
  typescript: { ignoreBuildErrors: process.env.BUILD_SKIP_TYPECHECK === "1" },
  serverExternalPackages: ["@azure/msal-node", "pg", "@prisma/client", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  // The request-independent security headers for every response, build assets included. Pages and route
  // handlers also get CSP (with a per-response nonce) and HSTS from proxy.ts; lib/security/headers.ts has the
  // reasons, and the same values.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
