/// Picks the probe for the operating system canirun runs on.
public enum HardwareDetection {
    public static func defaultProbe() -> any HardwareProbe {
        #if os(macOS)
            return DarwinHardwareProbe()
        #else
            return LinuxHardwareProbe()
        #endif
    }
}
