import CanIRunCore

/// The machine panel: what the machine has of each resource, and where it stands on the usual scale.
struct SystemRenderer {
    var style: Style
    var language: Language = .english

    private func say(_ message: PanelMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    func render(_ machine: HardwareSnapshot, to sink: any OutputSink) {
        var text = ""
        let title =
            machine.source == "detected"
            ? say(.titleDetected) : (machine.source == "file" ? say(.titleFile) : say(.titleWhatIf))
        text += style.bold("canirun · \(title)") + style.dim(say(.units)) + "\n\n"

        let cpu = machine.cpu
        var coreText =
            "\(cpu.physicalCores) \(cpu.physicalCores == 1 ? say(.core) : say(.cores)) / \(cpu.logicalCores) "
            + (cpu.logicalCores == 1 ? say(.thread) : say(.threads))
        if let performance = cpu.performanceCores, let efficiency = cpu.efficiencyCores {
            coreText += say(.performanceSplit, ["performance": "\(performance)", "efficiency": "\(efficiency)"])
        }
        let sockets = cpu.sockets > 1 ? say(.sockets, ["sockets": "\(cpu.sockets)"]) : ""
        text += label("CPU") + "\(cpu.model) · \(cpu.architecture)\(sockets) · \(coreText)\n"
        let features = cpu.features.isEmpty ? say(.noneDetected) : cpu.features.joined(separator: " ")
        text += label("") + style.dim(say(.features, ["list": features])) + "\n"
        text += label("") + style.dim(Self.cpuRole(machine, language: language)) + "\n\n"

        let memory = machine.memory
        var ramLine = say(
            .ramLine,
            [
                "total": ByteCount(memory.totalBytes).description,
                "available": ByteCount(memory.availableBytes).description,
            ]
        )
        ramLine += style.bold(say(.usable, ["bytes": ByteCount(memory.usableBytes).description]))
        text += label("RAM") + ramLine + "\n"
        if let limit = memory.containerLimitBytes, let host = memory.hostTotalBytes {
            text +=
                label("")
                + style.yellow(
                    say(.containerLimit, ["limit": ByteCount(limit).description, "host": ByteCount(host).description]))
                + "\n"
        }
        if memory.swapTotalBytes > 0 {
            text +=
                label("")
                + style.dim(
                    say(
                        .swap,
                        [
                            "total": ByteCount(memory.swapTotalBytes).description,
                            "free": ByteCount(memory.swapFreeBytes).description,
                        ])) + "\n"
        }
        text += label("") + style.dim(say(.reserve, ["reason": ramReserveReason(memory)])) + "\n"
        text += label("") + Self.ramScale(totalBytes: memory.totalBytes, style: style, language: language) + "\n\n"

        if machine.gpus.isEmpty {
            text += label("GPU") + say(.noGPU) + "\n"
        }
        for gpu in machine.gpus {
            var line = "\(gpu.name) · \(gpu.backend.rawValue)"
            if let capability = gpu.computeCapability { line += say(.computeCapability, ["capability": capability]) }
            if gpu.unifiedMemory { line += say(.unifiedMemory) }
            text += label(machine.gpus.count > 1 ? "GPU \(gpu.index)" : "GPU") + line + "\n"
            var memoryLine = "\(ByteCount(gpu.memoryTotalBytes)) \(gpu.unifiedMemory ? say(.gpuBudget) : "VRAM")"
            if let free = gpu.memoryFreeBytes {
                memoryLine += " · " + say(.free, ["bytes": ByteCount(free).description])
            }
            memoryLine += " · " + style.bold(say(.usable, ["bytes": ByteCount(gpu.usableBytes).description]))
            if let bandwidth = gpu.memoryBandwidthBytesPerSecond {
                memoryLine += " · \(formatFixed(Double(bandwidth) / 1e9, fractionDigits: 0)) GB/s"
            }
            text += label("") + memoryLine + "\n"
            text += label("") + style.dim(say(.reserve, ["reason": gpuReserveReason(gpu, memory: memory)])) + "\n"
            text += label("") + Self.vramScale(gpu: gpu, style: style, language: language) + "\n"
        }
        if !machine.warnings.isEmpty {
            text += "\n" + style.yellow(say(.warnings)) + "\n"
            for warning in machine.warnings { text += "  • \(translatedWarning(warning))\n" }
        }
        sink.write(text)
    }

    /// A machine warning in `language`: the core's what-if warning (`HardwareSnapshot.applying`) change by change,
    /// the hardware probes' warnings by their known forms; anything else stays as written.
    func translatedWarning(_ warning: String) -> String {
        let prefix = "what-if machine: "
        guard language != .english else { return warning }
        guard warning.hasPrefix(prefix) else {
            let probeWarnings: [PanelMessage] = [
                .noCPUInfo, .noProcessors, .noMemTotal, .nvidiaSMITimedOut, .nvidiaSMIFailed, .nvidiaSMIBadLine,
                .memoryFromDatabaseRepair, .memoryFromDatabase, .driverNoMemoryDatabase, .driverNoMemoryUnknown,
                .gpuNotInDatabase, .noMemSize, .noVMStat,
            ]
            for message in probeWarnings {
                if let values = matchTemplate(message.message.english, warning) { return say(message, values) }
            }
            return warning
        }
        let changes = warning.dropFirst(prefix.count).components(separatedBy: ", ").map { change -> String in
            func value(after start: String) -> String? {
                change.hasPrefix(start) ? String(change.dropFirst(start.count)) : nil
            }
            if let size = value(after: "RAM set to ") { return say(.whatIfRAM, ["size": size]) }
            if let size = value(after: "VRAM set to ") { return say(.whatIfVRAM, ["size": size]) }
            if change == "no GPU" { return say(.whatIfNoGPU) }
            if change.hasSuffix(" CPU cores"), let count = Int(change.dropLast(" CPU cores".count)) {
                return say(.whatIfCores, ["count": "\(count)"])
            }
            return change
        }
        return say(.whatIfMachine, ["changes": changes.joined(separator: ", ")])
    }

    private func label(_ text: String) -> String {
        let padded = text.padding(toLength: 7, withPad: " ", startingAt: 0)
        return style.cyan(padded) + " "
    }

    /// Why RAM is held back. English keeps the core's own sentence; other languages word the same numbers
    /// (`MemoryBudget.applyRAMBudget`'s rule: what other programs use now, plus canirun's reserve).
    func ramReserveReason(_ memory: MemoryInfo) -> String {
        if language == .english, !memory.reserveReason.isEmpty { return memory.reserveReason }
        let kept = say(.ramReserveKept, ["reserve": ByteCount(memory.reserveBytes).description])
        let inUse = max(0, memory.totalBytes - memory.availableBytes)
        return inUse > 0 ? say(.ramReserveInUse, ["inUse": ByteCount(inUse).description, "kept": kept]) : kept
    }

    /// Why GPU memory is held back, worded from the numbers as `MemoryBudget.applyGPUBudget` decides them.
    /// English keeps the core's own sentence (it may name where a unified-memory budget came from).
    func gpuReserveReason(_ gpu: GPUDevice, memory: MemoryInfo) -> String {
        if language == .english, !gpu.reserveReason.isEmpty { return gpu.reserveReason }
        let kept = say(.gpuReserveKept, ["margin": ByteCount(MemoryBudget.gpuMarginBytes).description])
        if gpu.unifiedMemory {
            let ramLeft = max(0, memory.availableBytes - memory.reserveBytes)
            let budget = min(gpu.memoryFreeBytes ?? gpu.memoryTotalBytes, ramLeft)
            return say(
                .gpuReserveShared,
                [
                    "total": ByteCount(gpu.memoryTotalBytes).description, "budget": ByteCount(budget).description,
                    "kept": kept,
                ])
        }
        guard let free = gpu.memoryFreeBytes else { return say(.gpuReserveUnknown, ["kept": kept]) }
        let used = max(0, gpu.memoryTotalBytes - free)
        return used > 0 ? say(.gpuReserveTaken, ["used": ByteCount(used).description, "kept": kept]) : kept
    }

    static func cpuRole(_ machine: HardwareSnapshot, language: Language = .english) -> String {
        (machine.gpus.isEmpty ? PanelMessage.cpuRoleNoGPU : .cpuRoleGPU).text(language)
    }

    /// The lesson's scale for RAM: under 16 GB below the usual minimum, 16–64 GB comfortable, 64 GB+ ideal.
    static func ramScale(totalBytes: Int64, style: Style, language: Language = .english) -> String {
        // Machines sold as "16 GB" have 16 GiB = 17.2 GB; compare in GiB so they land where their label says.
        let gibibytes = Double(totalBytes) / 1_073_741_824
        let size = ["size": formatFixed(gibibytes, fractionDigits: 0) + " GiB"]
        if gibibytes < 15.5 { return style.yellow(PanelMessage.ramBelowMinimum.text(language, size)) }
        if gibibytes < 63.5 { return style.green(PanelMessage.ramComfortable.text(language, size)) }
        return style.green(PanelMessage.ramIdeal.text(language, size))
    }

    /// The lesson's scale for VRAM: 12–16 GB runs small and quantized models, more runs larger ones.
    static func vramScale(gpu: GPUDevice, style: Style, language: Language = .english) -> String {
        let gibibytes = Double(gpu.memoryTotalBytes) / 1_073_741_824
        let size = ["size": formatFixed(gibibytes, fractionDigits: 0) + " GiB"]
        if gibibytes < 11.5 { return style.yellow(PanelMessage.vramSmall.text(language, size)) }
        if gibibytes <= 16.5 { return style.green(PanelMessage.vramTwelveToSixteen.text(language, size)) }
        return style.green(PanelMessage.vramLarge.text(language, size))
    }
}
