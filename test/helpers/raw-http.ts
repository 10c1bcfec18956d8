/**
 * A bare HTTP/1.1 client on a TCP socket, for requests no polite client sends
 * (raw non-UTF-8 bytes in the request line, megabyte headers) and that the
 * http-module interception in nock cannot pass through.
 */
import { connect } from "node:net";

/** Enough of a response for the hostile suite to classify. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly body: unknown;
}

/** Sends `GET <target>` with `headers` to `origin` and reads the answer until the server closes. */
export function rawGet(
  origin: string,
  target: Buffer | string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  const head = Buffer.concat([
    Buffer.from("GET "),
    Buffer.isBuffer(target) ? target : Buffer.from(target),
    Buffer.from(` HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n`),
    Buffer.from(
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join(""),
    ),
    Buffer.from("\r\n"),
  ]);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error("timeout"), { timeout: true })), timeoutMs);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (err) => (chunks.length > 0 ? undefined : (clearTimeout(timer), reject(err))));
    socket.on("close", () => {
      clearTimeout(timer);
      if (chunks.length > 0) resolve(parse(Buffer.concat(chunks).toString("latin1")));
      else reject(new Error("the server closed the connection without answering"));
    });
    // The server may answer and close before it has read everything; that is its right.
    socket.end(head);
  });
}

function parse(raw: string): RawAnswer {
  const split = raw.indexOf("\r\n\r\n");
  const [statusLine = "", ...headerLines] = raw.slice(0, split < 0 ? raw.length : split).split("\r\n");
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(0, line.indexOf(":")).trim().toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  const text = split < 0 ? "" : raw.slice(split + 4);
  let body: unknown = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the text is what there is
  }
  return { status: Number(statusLine.split(" ")[1]), headers, text, body };
}
