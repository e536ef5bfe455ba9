// A webhook receiver for the onboarding portal: verifies each delivery's Standard Webhooks
// signature and handles each message once.
//
// Run it:
//   npm install standardwebhooks        (in your own project; the portal already has it)
//   WEBHOOK_SECRET='whsec_...' PORT=4000 node examples/webhook-receiver.mjs
// WEBHOOK_SECRET is the signing secret shown on the endpoint's page (Settings > Manage webhooks).
// Then add the endpoint https://<your host>/webhooks in the portal and press "Send a test event".
// (The portal sends only to https addresses; for a receiver on your own machine or network, the
// operator lists its host:port in WEBHOOK_ALLOW_HTTP_HOSTS.)
//
// Answers: 204 handled (or already handled: a retry or a replay has the same webhook-id),
// 401 a bad or missing signature (or a timestamp more than 5 minutes off), 400 not JSON.
// Each handled message is printed as one JSON line.
import http from "node:http";

import { Webhook } from "standardwebhooks";

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error("Set WEBHOOK_SECRET to the endpoint's signing secret (whsec_...).");
  process.exit(1);
}
const webhook = new Webhook(secret);
// Keep this in a database in a real receiver: ids seen in the last days are enough.
const seen = new Set();
const MAX_BODY_BYTES = 256 * 1024;

const server = http.createServer((req, res) => {
  if (req.method !== "POST") return res.writeHead(405, { allow: "POST" }).end();
  // Deliveries are small: a bounded body, so no sender can fill this process's memory.
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      res.writeHead(413, { connection: "close" }).end();
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on("end", () => {
    // Verify the exact bytes received, before parsing them.
    const body = Buffer.concat(chunks).toString("utf8");
    let message;
    try {
      message = webhook.verify(body, req.headers);
    } catch {
      return res.writeHead(401).end("bad signature");
    }
    const id = req.headers["webhook-id"];
    if (seen.has(id)) return res.writeHead(204).end();
    seen.add(id);
    console.log(JSON.stringify({ id, type: message.type, timestamp: message.timestamp, data: message.data }));
    res.writeHead(204).end();
  });
});

server.listen(Number(process.env.PORT ?? 4000), process.env.HOST ?? "127.0.0.1", () => {
  const { address, port } = server.address();
  console.error(`webhook receiver listening on http://${address}:${port}/`);
});
