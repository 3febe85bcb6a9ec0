export {
  installKernelspec,
  uninstallKernelspec,
  listKernelspecs,
  kernelJson,
  kernelsDir,
  userDataDir,
  KERNEL_NAME,
  type InstallLocation,
} from "./kernelspec";
export { writeLogos, logoPng, LOGO_SVG } from "./logo";
