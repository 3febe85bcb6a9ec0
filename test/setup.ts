import { initBackend } from "../lib/backend";

process.env.NNLAB_QUIET_BACKEND ??= "1";

beforeAll(async () => {
  await initBackend();
});
