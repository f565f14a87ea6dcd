import CanIRunCore

/// The machine panel: what the machine has of each resource, and where it stands on the usual scale.
struct SystemRenderer {
    var style: Style

    func render(_ machine: HardwareSnapshot, to sink: any OutputSink) {
        var text = ""
        let title =
            machine.source == "detected"
            ? "this machine" : (machine.source == "file" ? "saved machine" : "what-if machine")
        text += style.bold("canirun · \(title)") + style.dim("   (GiB = 2^30 bytes, GB = 10^9 bytes)") + "\n\n"

        let cpu = machine.cpu
        var coreText =
            "\(cpu.physicalCores) \(cpu.physicalCores == 1 ? "core" : "cores") / \(cpu.logicalCores) "
            + (cpu.logicalCores == 1 ? "thread" : "threads")
        if let performance = cpu.performanceCores, let efficiency = cpu.efficiencyCores {
            coreText += " (\(performance) performance + \(efficiency) efficiency)"
        }
        let sockets = cpu.sockets > 1 ? " · \(cpu.sockets) sockets" : ""
        text += label("CPU") + "\(cpu.model) · \(cpu.architecture)\(sockets) · \(coreText)\n"
        text +=
            label("")
            + style.dim("features: " + (cpu.features.isEmpty ? "none detected" : cpu.features.joined(separator: " ")))
            + "\n"
        text += label("") + style.dim(Self.cpuRole(machine)) + "\n\n"

        let memory = machine.memory
        var ramLine = "\(ByteCount(memory.totalBytes)) total · \(ByteCount(memory.availableBytes)) available · "
        ramLine += style.bold("\(ByteCount(memory.usableBytes)) usable")
        text += label("RAM") + ramLine + "\n"
        if let limit = memory.containerLimitBytes, let host = memory.hostTotalBytes {
            text +=
                label("") + style.yellow("container limit \(ByteCount(limit)) (the host has \(ByteCount(host)))") + "\n"
        }
        if memory.swapTotalBytes > 0 {
            text +=
                label("")
                + style.dim(
                    "swap \(ByteCount(memory.swapTotalBytes)) (\(ByteCount(memory.swapFreeBytes)) free) — too slow to run models from"
                ) + "\n"
        }
        text += label("") + style.dim("reserve: " + memory.reserveReason) + "\n"
        text += label("") + Self.ramScale(totalBytes: memory.totalBytes, style: style) + "\n\n"

        if machine.gpus.isEmpty {
            text += label("GPU") + "none detected — models run on the CPU, from RAM\n"
        }
        for gpu in machine.gpus {
            var line = "\(gpu.name) · \(gpu.backend.rawValue)"
            if let capability = gpu.computeCapability { line += " · compute \(capability)" }
            if gpu.unifiedMemory { line += " · unified memory" }
            text += label(machine.gpus.count > 1 ? "GPU \(gpu.index)" : "GPU") + line + "\n"
            var memoryLine = "\(ByteCount(gpu.memoryTotalBytes)) \(gpu.unifiedMemory ? "GPU budget" : "VRAM")"
            if let free = gpu.memoryFreeBytes { memoryLine += " · \(ByteCount(free)) free" }
            memoryLine += " · " + style.bold("\(ByteCount(gpu.usableBytes)) usable")
            if let bandwidth = gpu.memoryBandwidthBytesPerSecond {
                memoryLine += " · \(formatFixed(Double(bandwidth) / 1e9, fractionDigits: 0)) GB/s"
            }
            text += label("") + memoryLine + "\n"
            text += label("") + style.dim("reserve: " + gpu.reserveReason) + "\n"
            text += label("") + Self.vramScale(gpu: gpu, style: style) + "\n"
        }
        if !machine.warnings.isEmpty {
            text += "\n" + style.yellow("Warnings") + "\n"
            for warning in machine.warnings { text += "  • \(warning)\n" }
        }
        sink.write(text)
    }

    private func label(_ text: String) -> String {
        let padded = text.padding(toLength: 7, withPad: " ", startingAt: 0)
        return style.cyan(padded) + " "
    }

    static func cpuRole(_ machine: HardwareSnapshot) -> String {
        if machine.gpus.isEmpty {
            return "with no GPU, the CPU does all the maths; speed is set by RAM bandwidth"
        }
        return "the GPU does the matrix maths; the CPU runs the rest and any layers that do not fit on the GPU"
    }

    /// The lesson's scale for RAM: under 16 GB below the usual minimum, 16–64 GB comfortable, 64 GB+ ideal.
    static func ramScale(totalBytes: Int64, style: Style) -> String {
        // Machines sold as "16 GB" have 16 GiB = 17.2 GB; compare in GiB so they land where their label says.
        let gibibytes = Double(totalBytes) / 1_073_741_824
        let shown = formatFixed(gibibytes, fractionDigits: 0) + " GiB"
        if gibibytes < 15.5 {
            return style.yellow("▸ \(shown): below the usual 16 GB minimum for local LLMs — small models only")
        }
        if gibibytes < 63.5 {
            return style.green("▸ \(shown): comfortable (16–64 GB) for small and mid-size quantized models")
        }
        return style.green("▸ \(shown): ideal (64 GB and up) — room for large models on the CPU or shared with the GPU")
    }

    /// The lesson's scale for VRAM: 12–16 GB runs small and quantized models, more runs larger ones.
    static func vramScale(gpu: GPUDevice, style: Style) -> String {
        let gibibytes = Double(gpu.memoryTotalBytes) / 1_073_741_824
        let shown = formatFixed(gibibytes, fractionDigits: 0) + " GiB"
        if gibibytes < 11.5 {
            return style.yellow("▸ \(shown): under 12 GB — small models (up to ~8B parameters at 4 bits)")
        }
        if gibibytes <= 16.5 {
            return style.green("▸ \(shown): 12–16 GB — small and quantized models (up to ~14B at 4 bits)")
        }
        return style.green("▸ \(shown): more than 16 GB — larger quantized models (~30B at 4 bits per 24 GB)")
    }
}
