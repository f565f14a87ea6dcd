/// How much of each memory pool canirun plans with, and why.
///
/// Two reserves, kept apart so each can be explained:
/// - GPU memory: llama.cpp's own `--fit` keeps 1024 MiB free on every device
///   (`common/common.h`, `fit_params_target`, b11434), so canirun plans with free VRAM minus that margin.
///   Memory other programs hold on the GPU now (the desktop, a browser, a loaded model) is already excluded
///   by using the driver's free figure.
/// - RAM: the kernel's available figure (Linux `MemAvailable`) already excludes what other programs use now;
///   canirun keeps a further 5 % of RAM, at least 512 MiB and at most 4 GiB, for the operating system and
///   the desktop to keep working while a model runs. This is canirun's policy, not the engine's.
public enum MemoryBudget {
    /// llama.cpp `common/common.h` `fit_params_target`: 1024 MiB per device.
    public static let gpuMarginBytes: Int64 = 1024 * 1_048_576
    public static let ramReserveFraction = 0.05
    public static let ramReserveMinimumBytes: Int64 = 512 * 1_048_576
    public static let ramReserveMaximumBytes: Int64 = 4 * 1_073_741_824

    public static func ramReserve(totalBytes: Int64) -> Int64 {
        let proportional = Int64(Double(totalBytes) * ramReserveFraction)
        return min(max(proportional, ramReserveMinimumBytes), ramReserveMaximumBytes)
    }

    /// Fills in `usableBytes`, `reserveBytes` and `reserveReason` for RAM.
    public static func applyRAMBudget(_ memory: inout MemoryInfo) {
        let reserve = ramReserve(totalBytes: memory.totalBytes)
        memory.reserveBytes = reserve
        memory.usableBytes = max(0, memory.availableBytes - reserve)
        let inUse = max(0, memory.totalBytes - memory.availableBytes)
        let kept = "\(ByteCount(reserve)) kept for the operating system and desktop (5% of RAM, 512 MiB to 4 GiB)"
        memory.reserveReason = inUse > 0 ? "\(ByteCount(inUse)) in use by other programs now; \(kept)" : kept
    }

    /// Fills in `usableBytes` and `reserveReason` for a GPU. Unified-memory GPUs are limited by the RAM
    /// still available as well as by their own budget.
    public static func applyGPUBudget(_ gpu: inout GPUDevice, memory: MemoryInfo) {
        let margin = gpuMarginBytes
        if gpu.unifiedMemory {
            let ramLeft = max(0, memory.availableBytes - memory.reserveBytes)
            let own = gpu.memoryFreeBytes ?? gpu.memoryTotalBytes
            let budget = min(own, ramLeft)
            gpu.usableBytes = max(0, budget - margin)
            gpu.reserveReason =
                "shares RAM: the GPU may use \(ByteCount(gpu.memoryTotalBytes)), of which \(ByteCount(budget)) is "
                + "free now; llama.cpp keeps \(ByteCount(margin)) free per device"
        } else if let free = gpu.memoryFreeBytes {
            gpu.usableBytes = max(0, free - margin)
            let used = max(0, gpu.memoryTotalBytes - free)
            let kept = "llama.cpp keeps \(ByteCount(margin)) free per device"
            gpu.reserveReason =
                used > 0 ? "\(ByteCount(used)) taken by other programs or the driver now; \(kept)" : kept
        } else {
            gpu.usableBytes = max(0, gpu.memoryTotalBytes - margin)
            gpu.reserveReason =
                "free memory unknown: planned from the total; llama.cpp keeps \(ByteCount(margin)) free per device"
        }
    }
}
