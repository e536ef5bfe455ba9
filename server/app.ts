import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import helmet from "helmet";
import type { Env } from "../app/modules/env/env.server";

/** Link URLs carry tokens: logs only ever see the route's shape. */
export function redactPath(url: string): string {
  return url.split("?")[0]!.replace(/^\/l\/[^/]+/, "/l/:token");
}

export function createApp(env: Env, build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", true);
  const publicOrigin = new URL(env.PUBLIC_URL).origin;
  const https = publicOrigin.startsWith("https:");

  app.use((req, res, next) => {
    const started = performance.now();
    res.on("finish", () => {
      const ms = Math.round(performance.now() - started);
      console.log(JSON.stringify({ method: req.method, path: redactPath(req.originalUrl), status: res.statusCode, ms }));
    });
    res.locals.cspNonce = randomBytes(16).toString("base64");
    // The client IP the app sees comes from the socket unless a proxy is trusted.
    req.headers["x-portal-client-ip"] = (env.TRUST_PROXY ? req.ip : req.socket.remoteAddress) ?? "";
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          // Inline style attributes carry the agency's accent colour; scripts stay nonce-only.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // Agency logos also appear in emails, which webmail may load from our origin directly.
  app.use("/brand", (_req, res, next) => {
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    next();
  });

  // Link pages: the token must not leak through Referer, and no cache may keep the page.
  app.use("/l", (_req, res, next) => {
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  // Every state change is a same-origin POST: refuse anything else before it reaches the app.
  app.use((req, res, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const origin = req.get("origin");
    // Link pages send no Referer (Referrer-Policy: no-referrer), so a browser posts their
    // forms without JavaScript with "Origin: null"; Sec-Fetch-Site, which no page can forge,
    // still says whether the form was our own.
    const sameOrigin =
      origin && origin !== "null"
        ? origin === publicOrigin
        : req.get("sec-fetch-site") === "same-origin" || originOf(req.get("referer")) === publicOrigin;
    if (!sameOrigin) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    // Checked above; Remix's own check would read "null" as a foreign origin.
    if (origin === "null") delete req.headers.origin;
    next();
  });

  const publicDir = path.join(process.cwd(), "public");
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  return app;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
