#if os(macOS)
    import Foundation
    #if canImport(Metal)
        import Metal
    #endif

    /// Detects a Mac: sysctl and vm_stat through the command runner, GPU cores from system_profiler, and the
    /// GPU working-set budget from Metal.
    public struct DarwinHardwareProbe: HardwareProbe {
        public var commands: any CommandRunner
        public var database: GPUDatabase

        public init(commands: any CommandRunner = ProcessCommandRunner(), database: GPUDatabase = .embedded) {
            self.commands = commands
            self.database = database
        }

        static let sysctlKeys = [
            "hw.memsize", "hw.pagesize", "hw.ncpu", "hw.physicalcpu", "hw.logicalcpu", "hw.packages", "hw.nperflevels",
            "hw.perflevel0.physicalcpu", "hw.perflevel0.logicalcpu", "hw.perflevel0.name", "hw.perflevel1.physicalcpu",
            "hw.perflevel1.logicalcpu", "hw.perflevel1.name", "machdep.cpu.brand_string", "hw.optional.arm64",
            "hw.optional.AdvSIMD", "hw.optional.neon", "hw.optional.arm.FEAT_FP16", "hw.optional.arm.FEAT_DotProd",
            "hw.optional.arm.FEAT_I8MM", "hw.optional.arm.FEAT_BF16", "hw.optional.arm.FEAT_SME",
            "hw.optional.arm.FEAT_SME2", "hw.optional.avx1_0", "hw.optional.avx2_0", "hw.optional.fma",
            "hw.optional.avx512f", "hw.optional.avx512bw", "hw.optional.avx512vl", "iogpu.wired_limit_mb",
            "vm.swapusage", "kern.osproductversion", "kern.osrelease",
        ]

        public func probe() -> HardwareSnapshot {
            // `sysctl` prints the keys it knows and complains about the rest; the known ones are enough.
            let sysctlText = commands.run("sysctl", arguments: Self.sysctlKeys, timeoutSeconds: 3)?.standardOutput ?? ""
            let vmStat = commands.run("vm_stat", arguments: [], timeoutSeconds: 3)?.standardOutput
            let displays = commands.run(
                "system_profiler", arguments: ["SPDisplaysDataType", "-json"], timeoutSeconds: 5)?.standardOutput
            var workingSet: Int64?
            #if canImport(Metal)
                if let device = MTLCreateSystemDefaultDevice() {
                    workingSet = Int64(clamping: device.recommendedMaxWorkingSetSize)
                }
            #endif
            return DarwinSnapshotBuilder.build(
                sysctl: SysctlParser.parse(sysctlText), vmStat: vmStat, displaysJSON: displays,
                metalWorkingSetBytes: workingSet, database: database)
        }
    }
#endif
