import { PROTOCOL_VERSION, type KernelInfoReply } from "../protocol";

/**
 * The kernel_info_reply content. Until the main thread reports its backend, the banner says
 * what the protocol thread knows already.
 *
 * @example kernelInfoReply("0.1.0", "5.8.3", "nnlab 0.1.0: TypeScript 5.8.3 for deep learning")
 */
export function kernelInfoReply(implementationVersion: string, typescriptVersion: string, banner: string): KernelInfoReply {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "nnlab",
    implementation_version: implementationVersion,
    language_info: {
      name: "typescript",
      version: typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
    },
    banner,
    help_links: [{ text: "nnlab README", url: "https://github.com/nnlab/nnlab#readme" }],
  };
}
