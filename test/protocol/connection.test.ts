import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { endpoint, freePorts, newConnectionInfo, readConnectionFile } from "../../kernel/protocol";

describe("protocol connection files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-conn-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("freePorts returns distinct ports that can be bound", async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const port of ports) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await expect(freePorts(0)).rejects.toThrow(RangeError);
  });

  it("newConnectionInfo writes a file readConnectionFile reads back", async () => {
    const info = await newConnectionInfo("127.0.0.1", "python3");
    expect(info.key).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(dir, "k.json");
    fs.writeFileSync(file, JSON.stringify(info));
    expect(readConnectionFile(file)).toEqual(info);
    expect(endpoint(info, info.shell_port)).toBe(`tcp://127.0.0.1:${info.shell_port}`);
    expect(endpoint({ transport: "ipc", ip: "/tmp/k" }, 3)).toBe("ipc:///tmp/k-3");
  });

  it("names the file and the field that is wrong", () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, JSON.stringify({ shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: "4", hb_port: 5 }));
    expect(() => readConnectionFile(file)).toThrow(/bad\.json: "control_port" must be a port number, got "4"/);
    fs.writeFileSync(
      file,
      JSON.stringify({ shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: 4, hb_port: 5, signature_scheme: "hmac-md5" }),
    );
    expect(() => readConnectionFile(file)).toThrow(/signature_scheme must be "hmac-sha256", got "hmac-md5"/);
    fs.writeFileSync(file, "{");
    expect(() => readConnectionFile(file)).toThrow(/cannot be read as JSON/);
  });
});
