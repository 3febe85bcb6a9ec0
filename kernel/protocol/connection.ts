import * as fs from "fs";
import * as net from "net";
import { randomBytes } from "crypto";

/** The connection file Jupyter writes for a kernel: transport, ports and signing key. */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name?: string;
}

/** The five channels and their port fields. */
export const CHANNEL_PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

/**
 * Parses and checks a connection file.
 * @throws TypeError naming the file and the field when a field is missing or unsupported.
 * @example const info = readConnectionFile(process.argv[3]);
 */
export function readConnectionFile(file: string): ConnectionInfo {
  let raw: Partial<Record<keyof ConnectionInfo, unknown>>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TypeError(`connection file ${file}: cannot be read as JSON (${(e as Error).message})`);
  }
  for (const field of CHANNEL_PORTS) {
    const port = raw[field];
    if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new TypeError(`connection file ${file}: "${field}" must be a port number, got ${JSON.stringify(port)}`);
    }
  }
  const scheme = raw.signature_scheme ?? "hmac-sha256";
  if (scheme !== "hmac-sha256") {
    throw new TypeError(`connection file ${file}: signature_scheme must be "hmac-sha256", got ${JSON.stringify(scheme)}`);
  }
  if (raw.key !== undefined && typeof raw.key !== "string") {
    throw new TypeError(`connection file ${file}: "key" must be a string, got ${JSON.stringify(raw.key)}`);
  }
  return {
    transport: raw.transport === "ipc" ? "ipc" : "tcp",
    ip: typeof raw.ip === "string" ? raw.ip : "127.0.0.1",
    shell_port: raw.shell_port as number,
    iopub_port: raw.iopub_port as number,
    stdin_port: raw.stdin_port as number,
    control_port: raw.control_port as number,
    hb_port: raw.hb_port as number,
    key: raw.key ?? "",
    signature_scheme: "hmac-sha256",
    ...(typeof raw.kernel_name === "string" ? { kernel_name: raw.kernel_name } : {}),
  };
}

/**
 * The ZeroMQ endpoint of one channel.
 * @example endpoint(info, info.shell_port) // "tcp://127.0.0.1:5555"
 */
export function endpoint(info: Pick<ConnectionInfo, "transport" | "ip">, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

/**
 * Free TCP ports on `ip`, each found by binding port 0 and closing; all are held open until
 * every one is found, so the same port is not returned twice.
 * @example const [shell, iopub] = await freePorts(2);
 */
export async function freePorts(count: number, ip = "127.0.0.1"): Promise<number[]> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`freePorts: count must be a positive integer, got ${count}`);
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, ip, () => resolve());
      });
      ports.push((server.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/**
 * A new connection description with five free ports on 127.0.0.1 and a random signing key.
 * @example fs.writeFileSync(file, JSON.stringify(await newConnectionInfo()));
 */
export async function newConnectionInfo(ip = "127.0.0.1", kernelName?: string): Promise<ConnectionInfo> {
  const [shell_port, iopub_port, stdin_port, control_port, hb_port] = await freePorts(5, ip);
  return {
    transport: "tcp",
    ip,
    shell_port,
    iopub_port,
    stdin_port,
    control_port,
    hb_port,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    ...(kernelName ? { kernel_name: kernelName } : {}),
  };
}
