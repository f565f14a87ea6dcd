import CanIRunCore

/// The machine panel of `canirun system` (also printed above `canirun recommend`), in English and Spanish.
enum PanelMessage: String, MessageCatalog {
    case titleDetected, titleFile, titleWhatIf, units
    case core, cores, thread, threads, performanceSplit, sockets, features, noneDetected
    case cpuRoleNoGPU, cpuRoleGPU
    case ramLine, usable, containerLimit, swap, reserve
    case ramReserveKept, ramReserveInUse, gpuReserveKept, gpuReserveTaken, gpuReserveUnknown, gpuReserveShared
    case noGPU, computeCapability, unifiedMemory, gpuBudget, free, warnings
    case whatIfMachine, whatIfRAM, whatIfVRAM, whatIfCores, whatIfNoGPU
    // The hardware probes' warnings, as HardwareProbe+Linux.swift and DarwinSnapshotBuilder.swift write them.
    case noCPUInfo, noProcessors, noMemTotal, nvidiaSMITimedOut, nvidiaSMIFailed, nvidiaSMIBadLine
    case memoryFromDatabaseRepair, memoryFromDatabase, driverNoMemoryDatabase, driverNoMemoryUnknown, gpuNotInDatabase
    case noMemSize, noVMStat
    case ramBelowMinimum, ramComfortable, ramIdeal, vramSmall, vramTwelveToSixteen, vramLarge

    var message: LocalizedMessage {
        switch self {
        case .titleDetected: LocalizedMessage(english: "this machine", spanish: "esta máquina")
        case .titleFile: LocalizedMessage(english: "saved machine", spanish: "máquina guardada")
        case .titleWhatIf: LocalizedMessage(english: "what-if machine", spanish: "máquina hipotética")
        case .units:
            LocalizedMessage(
                english: "   (GiB = 2^30 bytes, GB = 10^9 bytes)", spanish: "   (GiB = 2^30 bytes; GB = 10^9 bytes)")
        case .core: LocalizedMessage(english: "core", spanish: "núcleo")
        case .cores: LocalizedMessage(english: "cores", spanish: "núcleos")
        case .thread: LocalizedMessage(english: "thread", spanish: "hilo")
        case .threads: LocalizedMessage(english: "threads", spanish: "hilos")
        case .performanceSplit:
            LocalizedMessage(
                english: " ({performance} performance + {efficiency} efficiency)",
                spanish: " ({performance} de rendimiento + {efficiency} de eficiencia)")
        case .sockets: LocalizedMessage(english: " · {sockets} sockets", spanish: " · {sockets} zócalos")
        case .features: LocalizedMessage(english: "features: {list}", spanish: "instrucciones: {list}")
        case .noneDetected: LocalizedMessage(english: "none detected", spanish: "no se detectó ninguna")
        case .cpuRoleNoGPU:
            LocalizedMessage(
                english: "with no GPU, the CPU does all the maths; speed is set by RAM bandwidth",
                spanish: "sin GPU, la CPU hace todas las cuentas; el ancho de banda de la RAM marca la velocidad")
        case .cpuRoleGPU:
            LocalizedMessage(
                english:
                    "the GPU does the matrix maths; the CPU runs the rest and any layers that do not fit on the GPU",
                spanish: "la GPU hace las cuentas de matrices; la CPU ejecuta el resto y las capas que no caben en la "
                    + "GPU")
        case .ramLine:
            LocalizedMessage(
                english: "{total} total · {available} available · ",
                spanish: "{total} en total · {available} disponibles · ")
        case .usable: LocalizedMessage(english: "{bytes} usable", spanish: "{bytes} utilizables")
        case .containerLimit:
            LocalizedMessage(
                english: "container limit {limit} (the host has {host})",
                spanish: "límite del contenedor: {limit} (el anfitrión tiene {host})")
        case .swap:
            LocalizedMessage(
                english: "swap {total} ({free} free) — too slow to run models from",
                spanish: "swap de {total} ({free} libres) — demasiado lenta para correr modelos desde ahí")
        case .reserve: LocalizedMessage(english: "reserve: {reason}", spanish: "reserva: {reason}")
        case .ramReserveKept:
            LocalizedMessage(
                english: "{reserve} kept for the operating system and desktop (5% of RAM, 512 MiB to 4 GiB)",
                spanish: "{reserve} apartados para el sistema operativo y el escritorio (5 % de la RAM, de 512 MiB "
                    + "a 4 GiB)")
        case .ramReserveInUse:
            LocalizedMessage(
                english: "{inUse} in use by other programs now; {kept}",
                spanish: "{inUse} en uso por otros programas ahora; {kept}")
        case .gpuReserveKept:
            LocalizedMessage(
                english: "llama.cpp keeps {margin} free per device",
                spanish: "llama.cpp deja {margin} libres en cada dispositivo")
        case .gpuReserveTaken:
            LocalizedMessage(
                english: "{used} taken by other programs or the driver now; {kept}",
                spanish: "{used} ocupados ahora por otros programas o el controlador; {kept}")
        case .gpuReserveUnknown:
            LocalizedMessage(
                english: "free memory unknown: planned from the total; {kept}",
                spanish: "memoria libre desconocida: se planifica con el total; {kept}")
        case .gpuReserveShared:
            LocalizedMessage(
                english: "shares RAM: the GPU may use {total}, of which {budget} is free now; {kept}",
                spanish: "comparte la RAM: la GPU puede usar {total}, de los que {budget} están libres ahora; {kept}")
        case .noGPU:
            LocalizedMessage(
                english: "none detected — models run on the CPU, from RAM",
                spanish: "no se detectó ninguna — los modelos corren en la CPU, desde la RAM")
        case .computeCapability:
            LocalizedMessage(english: " · compute {capability}", spanish: " · cómputo {capability}")
        case .unifiedMemory: LocalizedMessage(english: " · unified memory", spanish: " · memoria unificada")
        case .gpuBudget: LocalizedMessage(english: "GPU budget", spanish: "presupuesto de GPU")
        case .free: LocalizedMessage(english: "{bytes} free", spanish: "{bytes} libres")
        case .warnings: LocalizedMessage(english: "Warnings", spanish: "Advertencias")
        case .whatIfMachine:
            LocalizedMessage(english: "what-if machine: {changes}", spanish: "máquina hipotética: {changes}")
        case .whatIfRAM: LocalizedMessage(english: "RAM set to {size}", spanish: "RAM fijada en {size}")
        case .whatIfVRAM: LocalizedMessage(english: "VRAM set to {size}", spanish: "VRAM fijada en {size}")
        case .whatIfCores: LocalizedMessage(english: "{count} CPU cores", spanish: "{count} núcleos de CPU")
        case .whatIfNoGPU: LocalizedMessage(english: "no GPU", spanish: "sin GPU")
        case .noCPUInfo:
            LocalizedMessage(
                english: "could not read /proc/cpuinfo: CPU model and features unknown",
                spanish: "no se pudo leer /proc/cpuinfo: modelo e instrucciones de la CPU desconocidos")
        case .noProcessors:
            LocalizedMessage(
                english: "/proc/cpuinfo lists no processors; assuming 1",
                spanish: "/proc/cpuinfo no lista procesadores; se supone 1")
        case .noMemTotal:
            LocalizedMessage(
                english: "could not read MemTotal from /proc/meminfo",
                spanish: "no se pudo leer MemTotal de /proc/meminfo")
        case .nvidiaSMITimedOut:
            LocalizedMessage(
                english: "nvidia-smi did not answer within {seconds} s; NVIDIA GPUs identified from sysfs only (check "
                    + "the driver with `nvidia-smi`)",
                spanish:
                    "nvidia-smi no respondió en {seconds} s; las GPU NVIDIA se identificaron solo con sysfs (revisa "
                    + "el controlador con `nvidia-smi`)")
        case .nvidiaSMIFailed:
            LocalizedMessage(
                english: "nvidia-smi failed (exit {code}): {reason}; NVIDIA GPUs identified from sysfs only",
                spanish: "nvidia-smi falló (salida {code}): {reason}; las GPU NVIDIA se identificaron solo con sysfs")
        case .nvidiaSMIBadLine:
            LocalizedMessage(
                english: "nvidia-smi: could not read line `{line}`",
                spanish: "nvidia-smi: no se pudo leer la línea `{line}`")
        case .memoryFromDatabaseRepair:
            LocalizedMessage(
                english:
                    "{name}: memory taken from the GPU database ({bytes}), free memory unknown — install or repair "
                    + "nvidia-smi for exact figures",
                spanish: "{name}: memoria tomada de la base de datos de GPU ({bytes}), memoria libre desconocida — "
                    + "instala o repara nvidia-smi para tener cifras exactas")
        case .memoryFromDatabase:
            LocalizedMessage(
                english: "{name}: memory taken from the GPU database, free memory unknown",
                spanish: "{name}: memoria tomada de la base de datos de GPU, memoria libre desconocida")
        case .driverNoMemoryDatabase:
            LocalizedMessage(
                english: "{name}: the driver does not report its memory; taken from the GPU database",
                spanish: "{name}: el controlador no informa su memoria; se toma de la base de datos de GPU")
        case .driverNoMemoryUnknown:
            LocalizedMessage(
                english: "{name}: the driver does not report its memory; unknown",
                spanish: "{name}: el controlador no informa su memoria; desconocida")
        case .gpuNotInDatabase:
            LocalizedMessage(
                english: "{name}: not in canirun's GPU database; bandwidth unknown",
                spanish: "{name}: no está en la base de datos de GPU de canirun; ancho de banda desconocido")
        case .noMemSize:
            LocalizedMessage(
                english: "sysctl hw.memsize missing: RAM size unknown",
                spanish: "falta sysctl hw.memsize: tamaño de la RAM desconocido")
        case .noVMStat:
            LocalizedMessage(
                english: "vm_stat unavailable: free RAM assumed to be all RAM",
                spanish: "vm_stat no está disponible: se supone que toda la RAM está libre")
        case .ramBelowMinimum:
            LocalizedMessage(
                english: "▸ {size}: below the usual 16 GB minimum for local LLMs — small models only",
                spanish: "▸ {size}: por debajo del mínimo habitual de 16 GB para LLM locales — solo modelos chicos")
        case .ramComfortable:
            LocalizedMessage(
                english: "▸ {size}: comfortable (16–64 GB) for small and mid-size quantized models",
                spanish: "▸ {size}: cómoda (16–64 GB) para modelos cuantizados chicos y medianos")
        case .ramIdeal:
            LocalizedMessage(
                english: "▸ {size}: ideal (64 GB and up) — room for large models on the CPU or shared with the GPU",
                spanish: "▸ {size}: ideal (64 GB o más) — hay lugar para modelos grandes en la CPU o compartidos con "
                    + "la GPU")
        case .vramSmall:
            LocalizedMessage(
                english: "▸ {size}: under 12 GB — small models (up to ~8B parameters at 4 bits)",
                spanish: "▸ {size}: menos de 12 GB — modelos chicos (hasta ~8B parámetros a 4 bits)")
        case .vramTwelveToSixteen:
            LocalizedMessage(
                english: "▸ {size}: 12–16 GB — small and quantized models (up to ~14B at 4 bits)",
                spanish: "▸ {size}: 12–16 GB — modelos chicos y cuantizados (hasta ~14B a 4 bits)")
        case .vramLarge:
            LocalizedMessage(
                english: "▸ {size}: more than 16 GB — larger quantized models (~30B at 4 bits per 24 GB)",
                spanish: "▸ {size}: más de 16 GB — modelos cuantizados más grandes (~30B a 4 bits por cada 24 GB)")
        }
    }
}

/// The words of the model tables: `check`, `recommend`, `quantize`, `scan`, `gpus` and `inspect`.
enum TableMessage: String, MessageCatalog {
    // Where a model runs, as the tables show it.
    case fitPartialExperts, fitPartialLayers, fitCPUOnly, fitNone
    // check
    case parametersFact, activeFact, contextFact
    case quantHeader, fileHeader, bitsPerWeightShortHeader, fitsHeader, maxContextHeader, memoryHeader, headroomHeader
    case recommended, doesNotFit, runIt, thenInTheChat, speedBasis, singleFileNote
    case reasonReadingSpeed, reasonFullFit, reasonFallback, reasonNoFit
    case placeOnGPU, placePartial, placeInRAM, howPartial, howCPU
    case predictedSizesNote, configRebuiltNote
    // recommend
    case bestModels, noModelFits, rankHeader, modelHeader, runsOnHeader, scoreHeader, tryCommand, moreOnModel, score
    case scoringFormula, unsupportedNote
    // quantize
    case parametersTitle, fitsVRAM, fitsRAM, tooBig, precisionHeader, sizeHeader, hereHeader, sixteenToFour
    case bitPrecision
    case ggufTypeHeader, bitsPerWeightHeader, weightsOnly, basisPredicted, basisEffective
    // scan
    case folderStore, modelsOnDisk, foundCount, notPresent, noModelFiles, unreadable, storeHeader, formatHeader, copy,
        scanTotal
    case duplicates
    // gpus
    case noGPUMatches, bandwidthHeader, kindHeader, gpuCount
    case formDatacenter, formDesktop, formIntegrated, formLaptop, formSoC, formWorkstation
    // inspect
    case architectureLabel, parametersLabel, fileLabel, bitsPerWeightLabel, contextLabel, layersLabel
    case attentionLabel, layerLayoutLabel, kvPerTokenLabel
    case totalAndActive, expertsUsed, trainedContext, layersValue, attentionValue
    case layoutFull, layoutSlidingWindow, layoutChunked, layoutLatent, layoutRecurrent, layoutNoCache, kvAtF16
    case typeHeader, tensorsHeader, parametersHeader, bytesHeader, shareHeader, bytesRead, headerOnly, metadata
    // bench memory
    case bandwidthTitle, median, spread, spreadShare, busyMachine, savedTo, warning

    var message: LocalizedMessage {
        switch self {
        case .fitPartialExperts:
            LocalizedMessage(
                english: "partial (experts of {layers} layers in RAM)",
                spanish: "parcial (expertos de {layers} capas en RAM)")
        case .fitPartialLayers:
            LocalizedMessage(english: "partial ({gpu}/{total} layers)", spanish: "parcial ({gpu}/{total} capas)")
        case .fitCPUOnly: LocalizedMessage(english: "CPU only", spanish: "solo CPU")
        case .fitNone: LocalizedMessage(english: "does not fit", spanish: "no cabe")
        case .parametersFact: LocalizedMessage(english: "{count} parameters", spanish: "{count} parámetros")
        case .activeFact: LocalizedMessage(english: "{count} active", spanish: "{count} activos")
        case .contextFact: LocalizedMessage(english: "context {context}", spanish: "contexto {context}")
        case .quantHeader: LocalizedMessage(english: "quant", spanish: "cuant.")
        case .fileHeader: LocalizedMessage(english: "file", spanish: "archivo")
        case .bitsPerWeightShortHeader: LocalizedMessage(english: "bits/w", spanish: "bits/p")
        case .fitsHeader: LocalizedMessage(english: "fits", spanish: "cabe")
        case .maxContextHeader: LocalizedMessage(english: "max context", spanish: "contexto máx.")
        case .memoryHeader: LocalizedMessage(english: "memory", spanish: "memoria")
        case .headroomHeader: LocalizedMessage(english: "headroom (RAM / GPU)", spanish: "margen (RAM / GPU)")
        case .recommended: LocalizedMessage(english: "Recommended: {name}", spanish: "Recomendado: {name}")
        case .doesNotFit: LocalizedMessage(english: "Does not fit: ", spanish: "No cabe: ")
        case .runIt: LocalizedMessage(english: "Run it", spanish: "Cómo ejecutarlo")
        case .thenInTheChat: LocalizedMessage(english: "   then in the chat: ", spanish: "   luego, en el chat: ")
        case .speedBasis:
            LocalizedMessage(
                english: "tok/s: decode at a 4096-token context (see `canirun estimate` for ranges and prefill)",
                spanish: "tok/s: generación con un contexto de 4096 tokens (`canirun estimate` muestra rangos y la "
                    + "lectura del prompt)")
        case .singleFileNote:
            LocalizedMessage(
                english:
                    "A single GGUF file: its own quantization is judged; other quantizations need their own files.",
                spanish: "Un solo archivo GGUF: se evalúa su propia cuantización; las demás necesitan sus propios "
                    + "archivos.")
        case .reasonReadingSpeed:
            LocalizedMessage(
                english: "the highest-quality quantization that runs {place} at reading speed or faster (about "
                    + "{speed} tokens/s) with at least {context} tokens of context",
                spanish: "la cuantización de mayor calidad que corre {place} a velocidad de lectura o más rápido "
                    + "(unos {speed} tokens/s) con al menos {context} tokens de contexto")
        case .reasonFullFit:
            LocalizedMessage(
                english: "none reaches reading speed (10 tokens/s) here, and smaller files decode faster: the usual "
                    + "balance of quality and size that runs {place} with at least {context} tokens of context",
                spanish: "ninguna llega a la velocidad de lectura (10 tokens/s) aquí, y los archivos más chicos "
                    + "decodifican más rápido: el equilibrio habitual entre calidad y tamaño que corre {place} con al "
                    + "menos {context} tokens de contexto")
        case .reasonFallback:
            LocalizedMessage(
                english: "nothing fits entirely on the GPU; this is the highest-quality quantization that runs {how}",
                spanish: "nada cabe entero en la GPU; esta es la cuantización de mayor calidad que corre {how}")
        case .reasonNoFit:
            LocalizedMessage(
                english: "no quantization fits this machine, not even Q2_K at a 4096-token context",
                spanish: "ninguna cuantización cabe en esta máquina, ni siquiera Q2_K con un contexto de 4096 tokens")
        case .placeOnGPU: LocalizedMessage(english: "entirely on the GPU", spanish: "entera en la GPU")
        case .placePartial: LocalizedMessage(english: "with part of it in RAM", spanish: "con una parte en la RAM")
        case .placeInRAM: LocalizedMessage(english: "in RAM", spanish: "en la RAM")
        case .howPartial:
            LocalizedMessage(
                english: "with part of the model on the CPU (slower)",
                spanish: "con parte del modelo en la CPU (más lento)")
        case .howCPU: LocalizedMessage(english: "on the CPU", spanish: "en la CPU")
        case .predictedSizesNote:
            LocalizedMessage(
                english: "file sizes are predicted with llama-quantize's recipe (llama.cpp b11434), before download",
                spanish: "los tamaños de archivo se predicen con la receta de llama-quantize (llama.cpp b11434), "
                    + "antes de descargar")
        case .configRebuiltNote:
            LocalizedMessage(
                english: "architecture facts rebuilt from the model card, not copied from config.json",
                spanish: "datos de arquitectura reconstruidos a partir de la ficha del modelo, no copiados de "
                    + "config.json")
        case .bestModels:
            LocalizedMessage(english: "Best models for this machine", spanish: "Los mejores modelos para esta máquina")
        case .noModelFits:
            LocalizedMessage(
                english: "No model in the catalog fits this machine.",
                spanish: "Ningún modelo del catálogo cabe en esta máquina.")
        case .rankHeader: LocalizedMessage(english: "#", spanish: "n.º")
        case .modelHeader: LocalizedMessage(english: "model", spanish: "modelo")
        case .runsOnHeader: LocalizedMessage(english: "runs on", spanish: "corre en")
        case .scoreHeader: LocalizedMessage(english: "score", spanish: "puntaje")
        case .tryCommand: LocalizedMessage(english: "Try: ", spanish: "Prueba: ")
        case .moreOnModel:
            LocalizedMessage(
                english: "More on any model: canirun check {id}",
                spanish: "Más sobre cualquier modelo: canirun check {id}")
        case .score: LocalizedMessage(english: "Score: {formula}", spanish: "Puntaje: {formula}")
        case .scoringFormula:
            LocalizedMessage(
                english: "size 25×log10(10×B) + generation (2025: +10, 2024: +5) + quantization (Q8_0 0 … Q2_K −18) "
                    + "+ fit (GPU +10, RAM 0, partial −20…0 by layers on the GPU) + context (up to +5 at 32k) "
                    + "+ speed (+10 at 40 tok/s, 0 at 10, −12 per halving below)",
                spanish: "tamaño 25×log10(10×B) + generación (2025: +10, 2024: +5) + cuantización (Q8_0 0 … Q2_K −18) "
                    + "+ ubicación (GPU +10, RAM 0, parcial −20…0 según las capas en la GPU) + contexto (hasta +5 "
                    + "con 32k) + velocidad (+10 a 40 tok/s, 0 a 10, −12 por cada mitad por debajo)")
        case .unsupportedNote:
            LocalizedMessage(
                english: "{count} catalog models use architectures whose tensors canirun cannot predict yet and are "
                    + "not ranked: {names}",
                spanish: "{count} modelos del catálogo usan arquitecturas cuyos tensores canirun todavía no sabe "
                    + "predecir y no se clasifican: {names}")
        case .parametersTitle:
            LocalizedMessage(english: "{input}: {count} parameters", spanish: "{input}: {count} parámetros")
        case .fitsVRAM: LocalizedMessage(english: "weights fit in VRAM", spanish: "los pesos caben en la VRAM")
        case .fitsRAM: LocalizedMessage(english: "weights fit in RAM", spanish: "los pesos caben en la RAM")
        case .tooBig: LocalizedMessage(english: "too big", spanish: "demasiado grande")
        case .bitPrecision: LocalizedMessage(english: "{bits}-bit", spanish: "{bits} bits")
        case .precisionHeader: LocalizedMessage(english: "precision", spanish: "precisión")
        case .sizeHeader: LocalizedMessage(english: "size", spanish: "tamaño")
        case .hereHeader: LocalizedMessage(english: "here", spanish: "aquí")
        case .sixteenToFour:
            LocalizedMessage(
                english: "A {sixteen} 16-bit model is about {four} at 4 bits.",
                spanish: "Un modelo de {sixteen} a 16 bits ocupa unos {four} a 4 bits.")
        case .ggufTypeHeader: LocalizedMessage(english: "GGUF type", spanish: "tipo GGUF")
        case .bitsPerWeightHeader: LocalizedMessage(english: "bits/weight", spanish: "bits/peso")
        case .weightsOnly:
            LocalizedMessage(
                english: "Weights only: the KV cache and buffers come on top (canirun check / estimate).",
                spanish: "Solo los pesos: la caché KV y los búferes se suman aparte (canirun check / estimate).")
        case .basisPredicted:
            LocalizedMessage(
                english: "predicted GGUF files of {model}: llama-quantize's recipe (llama.cpp b11434) applied to its "
                    + "tensors",
                spanish: "archivos GGUF predichos de {model}: la receta de llama-quantize (llama.cpp b11434) aplicada "
                    + "a sus tensores")
        case .basisEffective:
            LocalizedMessage(
                english: "effective bits per weight of each type as llama-quantize's recipe (llama.cpp b11434) gives "
                    + "{model}; other models differ by a few percent",
                spanish: "bits efectivos por peso de cada tipo según la receta de llama-quantize (llama.cpp b11434) "
                    + "para {model}; otros modelos difieren en unos pocos puntos porcentuales")
        case .folderStore: LocalizedMessage(english: "folder", spanish: "carpeta")
        case .modelsOnDisk: LocalizedMessage(english: "Models on this disk", spanish: "Modelos en este disco")
        case .foundCount: LocalizedMessage(english: "{count} found", spanish: "{count} encontrados")
        case .notPresent: LocalizedMessage(english: "not present", spanish: "no existe")
        case .noModelFiles:
            LocalizedMessage(
                english: "No model files found. Check one from the catalog: canirun check llama3.1:8b",
                spanish: "No se encontraron archivos de modelos. Evalúa uno del catálogo: canirun check llama3.1:8b")
        case .unreadable: LocalizedMessage(english: "unreadable: {error}", spanish: "ilegible: {error}")
        case .storeHeader: LocalizedMessage(english: "store", spanish: "almacén")
        case .formatHeader: LocalizedMessage(english: "format", spanish: "formato")
        case .copy: LocalizedMessage(english: "copy", spanish: "copia")
        case .scanTotal:
            LocalizedMessage(english: "{count} models, {bytes} on disk", spanish: "{count} modelos, {bytes} en disco")
        case .duplicates:
            LocalizedMessage(english: "{bytes} in duplicate copies", spanish: "{bytes} en copias duplicadas")
        case .noGPUMatches:
            LocalizedMessage(
                english: "No GPU matches '{query}'. Closest: {names}",
                spanish: "Ninguna GPU coincide con '{query}'. Las más parecidas: {names}")
        case .bandwidthHeader: LocalizedMessage(english: "bandwidth", spanish: "ancho de banda")
        case .kindHeader: LocalizedMessage(english: "kind", spanish: "tipo")
        case .gpuCount: LocalizedMessage(english: "{count} of {total} GPUs", spanish: "{count} de {total} GPU")
        case .formDatacenter: LocalizedMessage(english: "datacenter", spanish: "centro de datos")
        case .formDesktop: LocalizedMessage(english: "desktop", spanish: "escritorio")
        case .formIntegrated: LocalizedMessage(english: "integrated", spanish: "integrada")
        case .formLaptop: LocalizedMessage(english: "laptop", spanish: "portátil")
        case .formSoC: LocalizedMessage(english: "soc", spanish: "sistema en chip")
        case .formWorkstation: LocalizedMessage(english: "workstation", spanish: "estación de trabajo")
        case .architectureLabel: LocalizedMessage(english: "architecture", spanish: "arquitectura")
        case .parametersLabel: LocalizedMessage(english: "parameters", spanish: "parámetros")
        case .fileLabel: LocalizedMessage(english: "file", spanish: "archivo")
        case .bitsPerWeightLabel: LocalizedMessage(english: "bits per weight", spanish: "bits por peso")
        case .contextLabel: LocalizedMessage(english: "context", spanish: "contexto")
        case .layersLabel: LocalizedMessage(english: "layers", spanish: "capas")
        case .attentionLabel: LocalizedMessage(english: "attention", spanish: "atención")
        case .layerLayoutLabel: LocalizedMessage(english: "layer layout", spanish: "tipos de capa")
        case .kvPerTokenLabel: LocalizedMessage(english: "KV per token", spanish: "KV por token")
        case .totalAndActive:
            LocalizedMessage(
                english: "{total} total, {active} active per token",
                spanish: "{total} en total, {active} activos por token")
        case .expertsUsed:
            LocalizedMessage(english: " ({used} of {count} experts)", spanish: " ({used} de {count} expertos)")
        case .trainedContext:
            LocalizedMessage(english: "{count} tokens (trained)", spanish: "{count} tokens (de entrenamiento)")
        case .layersValue:
            LocalizedMessage(
                english: "{blocks} · embedding {embedding} · vocabulary {vocabulary}",
                spanish: "{blocks} · embedding {embedding} · vocabulario {vocabulary}")
        case .attentionValue:
            LocalizedMessage(
                english: "{heads} heads, {kvHeads} KV heads, key {key} / value {value}",
                spanish: "{heads} cabezas, {kvHeads} cabezas KV, clave {key} / valor {value}")
        case .layoutFull: LocalizedMessage(english: "{count} full", spanish: "{count} completas")
        case .layoutSlidingWindow:
            LocalizedMessage(
                english: "{count} sliding-window ({tokens} tokens)",
                spanish: "{count} de ventana deslizante ({tokens} tokens)")
        case .layoutChunked:
            LocalizedMessage(
                english: "{count} chunked ({tokens} tokens)", spanish: "{count} por bloques ({tokens} tokens)")
        case .layoutLatent: LocalizedMessage(english: "{count} latent (MLA)", spanish: "{count} latentes (MLA)")
        case .layoutRecurrent: LocalizedMessage(english: "{count} recurrent", spanish: "{count} recurrentes")
        case .layoutNoCache: LocalizedMessage(english: "{count} without cache", spanish: "{count} sin caché")
        case .kvAtF16: LocalizedMessage(english: "{bytes} at f16", spanish: "{bytes} en f16")
        case .typeHeader: LocalizedMessage(english: "type", spanish: "tipo")
        case .tensorsHeader: LocalizedMessage(english: "tensors", spanish: "tensores")
        case .parametersHeader: LocalizedMessage(english: "parameters", spanish: "parámetros")
        case .bytesHeader: LocalizedMessage(english: "bytes", spanish: "tamaño")
        case .shareHeader: LocalizedMessage(english: "share", spanish: "proporción")
        case .bytesRead:
            LocalizedMessage(english: "read {read} of {total}{note}", spanish: "leídos {read} de {total}{note}")
        case .headerOnly: LocalizedMessage(english: " (header only)", spanish: " (solo el encabezado)")
        case .metadata: LocalizedMessage(english: "Metadata", spanish: "Metadatos")
        case .bandwidthTitle:
            LocalizedMessage(
                english: "Memory read bandwidth ({threads} threads, {buffer} MiB buffer, {repeats} repeats)",
                spanish: "Ancho de banda de lectura de memoria ({threads} hilos, búfer de {buffer} MiB, {repeats} "
                    + "repeticiones)")
        case .median: LocalizedMessage(english: "median", spanish: "mediana")
        case .spread: LocalizedMessage(english: "spread", spanish: "rango")
        case .spreadShare:
            LocalizedMessage(english: " ({percent} % of the median)", spanish: " ({percent} % de la mediana)")
        case .busyMachine:
            LocalizedMessage(
                english: "the repeats disagree by more than 15 %: the machine is busy or throttling; run it again "
                    + "when idle",
                spanish: "las repeticiones difieren en más de un 15 %: la máquina está ocupada o limitando su "
                    + "frecuencia; vuelve a medir cuando esté libre")
        case .savedTo:
            LocalizedMessage(
                english: "Saved to {path}; speed estimates on this CPU use it.",
                spanish: "Guardado en {path}; las estimaciones de velocidad en esta CPU lo usan.")
        case .warning: LocalizedMessage(english: "Warning: {text}", spanish: "Advertencia: {text}")
        }
    }
}

/// The words of `canirun estimate` (and of `check` on a single GGUF file).
enum EstimateMessage: String, MessageCatalog {
    case parameters, context, modelDefault, batch, flashAttention, on, off, auto, sequences, slidingWindowCache
    case hostRow, totalRow, weights, kvCache, compute, output, overhead, total, legend
    case allLayers, someLayers, fitsGPU, partialOffload, layersOnGPU, expertsInRAM, fitsRAM, doesNotFit
    case headroom, short, left
    case speed, speedDetail, firstToken, placedExperts, placedLayers, allOnGPU
    case saveMemory, savingQ8Cache, savingContext, savingFlashAttention, savingUnifiedKV, notes
    case basisMeasured, basisDatabase, basisAssumed, noteTrainingContext, noteGPUOverhead, noteProjector

    var message: LocalizedMessage {
        switch self {
        case .parameters: LocalizedMessage(english: "{count} parameters", spanish: "{count} parámetros")
        case .context: LocalizedMessage(english: "context {tokens}", spanish: "contexto {tokens}")
        case .modelDefault: LocalizedMessage(english: " (model default)", spanish: " (el del modelo)")
        case .batch: LocalizedMessage(english: "batch {batch}/{micro}", spanish: "lote {batch}/{micro}")
        case .flashAttention:
            LocalizedMessage(english: "flash attention {state}", spanish: "atención flash {state}")
        case .on: LocalizedMessage(english: "on", spanish: "activada")
        case .off: LocalizedMessage(english: "off", spanish: "desactivada")
        case .auto: LocalizedMessage(english: " (auto)", spanish: " (automática)")
        case .sequences: LocalizedMessage(english: "{count} sequences", spanish: "{count} secuencias")
        case .slidingWindowCache:
            LocalizedMessage(english: "SWA cache {cells} cells", spanish: "caché SWA de {cells} celdas")
        case .hostRow: LocalizedMessage(english: "host (RAM)", spanish: "anfitrión (RAM)")
        case .totalRow: LocalizedMessage(english: "total", spanish: "total")
        case .weights: LocalizedMessage(english: "weights", spanish: "pesos")
        case .kvCache: LocalizedMessage(english: "KV cache", spanish: "caché KV")
        case .compute: LocalizedMessage(english: "compute", spanish: "cómputo")
        case .output: LocalizedMessage(english: "output", spanish: "salida")
        case .overhead: LocalizedMessage(english: "overhead", spanish: "extra")
        case .total: LocalizedMessage(english: "total", spanish: "total")
        case .legend:
            LocalizedMessage(
                english: "█ weights  ▓ KV cache  ▒ compute  ░ output + overhead   (GiB = 2^30 bytes)",
                spanish: "█ pesos  ▓ caché KV  ▒ cómputo  ░ salida + extra   (GiB = 2^30 bytes)")
        case .allLayers: LocalizedMessage(english: "all {total}", spanish: "las {total}")
        case .someLayers: LocalizedMessage(english: "{gpu} of {total}", spanish: "{gpu} de {total}")
        case .fitsGPU:
            LocalizedMessage(
                english: "fits on the GPU: {layers} layers offloaded",
                spanish: "cabe en la GPU: {layers} capas en la GPU")
        case .partialOffload:
            LocalizedMessage(english: "partial offload: {detail}", spanish: "descarga parcial: {detail}")
        case .layersOnGPU: LocalizedMessage(english: "{layers} layers on the GPU", spanish: "{layers} capas en la GPU")
        case .expertsInRAM:
            LocalizedMessage(
                english: ", MoE experts of {count} layers in RAM", spanish: ", expertos MoE de {count} capas en la RAM")
        case .fitsRAM:
            LocalizedMessage(english: "fits in RAM: runs on the CPU", spanish: "cabe en la RAM: corre en la CPU")
        case .doesNotFit:
            LocalizedMessage(english: "does not fit this machine", spanish: "no cabe en esta máquina")
        case .headroom: LocalizedMessage(english: "headroom: {parts}", spanish: "margen: {parts}")
        case .short: LocalizedMessage(english: "−{bytes} short", spanish: "faltan {bytes}")
        case .left: LocalizedMessage(english: "{bytes} left", spanish: "sobran {bytes}")
        case .speed: LocalizedMessage(english: "speed: ~{rate} tokens/s", spanish: "velocidad: ~{rate} tokens/s")
        case .speedDetail:
            LocalizedMessage(
                english: " generating at {context} tokens of context ({low}–{high}), ~{full} at {fullContext};",
                spanish: " al generar con {context} tokens de contexto ({low}–{high}), ~{full} con {fullContext};")
        case .firstToken:
            LocalizedMessage(
                english: " prompt ~{prefill} tokens/s, first token after {seconds} s for {tokens} tokens",
                spanish: " prompt ~{prefill} tokens/s, primer token a los {seconds} s con {tokens} tokens")
        case .placedExperts:
            LocalizedMessage(
                english: "experts of {count} layers in RAM", spanish: "expertos de {count} capas en la RAM")
        case .placedLayers:
            LocalizedMessage(
                english: "{gpu} of {total} layers on the GPU", spanish: "{gpu} de {total} capas en la GPU")
        case .allOnGPU:
            LocalizedMessage(
                english: "{placed}: ~{rate} tokens/s; all on the GPU: ~{all} tokens/s",
                spanish: "{placed}: ~{rate} tokens/s; todo en la GPU: ~{all} tokens/s")
        case .saveMemory: LocalizedMessage(english: "To use less memory", spanish: "Para usar menos memoria")
        case .savingQ8Cache:
            LocalizedMessage(english: "a q8_0 KV cache saves {bytes}", spanish: "una caché KV q8_0 ahorra {bytes}")
        case .savingContext:
            LocalizedMessage(
                english: "{smaller} context instead of {context} saves {bytes}",
                spanish: "un contexto de {smaller} en lugar de {context} ahorra {bytes}")
        case .savingFlashAttention:
            LocalizedMessage(
                english: "flash attention saves {bytes}", spanish: "activar flash attention ahorra {bytes}")
        case .savingUnifiedKV:
            LocalizedMessage(
                english: "one unified KV cache saves {bytes}", spanish: "una sola caché KV unificada ahorra {bytes}")
        case .notes: LocalizedMessage(english: "Notes", spanish: "Notas")
        case .basisMeasured: LocalizedMessage(english: "measured", spanish: "medido")
        case .basisDatabase: LocalizedMessage(english: "database", spanish: "base de datos")
        case .basisAssumed: LocalizedMessage(english: "assumed", spanish: "supuesto")
        case .noteTrainingContext:
            LocalizedMessage(
                english: "context {tokens}: llama.cpp's default (-c 0) is the model's training context",
                spanish: "contexto {tokens}: el valor por omisión de llama.cpp (-c 0) es el contexto de entrenamiento "
                    + "del modelo")
        case .noteGPUOverhead:
            LocalizedMessage(
                english: "GPU context overheads other than CUDA's are not measured by canirun (CUDA's was, on an H100)",
                spanish: "canirun no midió el consumo extra de contexto de GPU salvo el de CUDA (medido en una H100)")
        case .noteProjector:
            LocalizedMessage(
                english: "multimodal projector: {bytes} of weights added; its compute buffer is not estimated",
                spanish: "proyector multimodal: se suman {bytes} de pesos; su búfer de cómputo no se estima")
        }
    }
}

/// Errors printed to people: validation of flags and arguments, models not found, servers that cannot start.
/// Exit codes do not depend on the language.
enum ErrorMessage: String, MessageCatalog {
    case badLanguage, badVRAM, badRAM, badCPUCores, unknownGPU, didYouMean
    case badUseCase, badLimit, badQuantizeInput, ambiguousModel, modelNotInCatalog, modelNotInCatalogAnd
    case badContext, ubatchOverBatch, batchTooSmall, badParallel, badFlashAttention, badCacheType, badGPULayers
    case badNCPUMoE, badTensorSplit, badTopic, badPort, badThreads, badBufferSize, notAFolder
    case portInUse, portNeedsPrivileges, cannotServe, serving

    var message: LocalizedMessage {
        switch self {
        case .badLanguage: LocalizedMessage(english: "--lang must be en or es.", spanish: "--lang debe ser en o es.")
        case .badVRAM:
            LocalizedMessage(
                english: "--vram '{value}' is not a size; try 24GB or 16GiB.",
                spanish: "--vram '{value}' no es un tamaño; prueba con 24GB o 16GiB.")
        case .badRAM:
            LocalizedMessage(
                english: "--ram '{value}' is not a size; try 32GB or 64GiB.",
                spanish: "--ram '{value}' no es un tamaño; prueba con 32GB o 64GiB.")
        case .badCPUCores:
            LocalizedMessage(
                english: "--cpu-cores must be between 1 and 4096.", spanish: "--cpu-cores debe estar entre 1 y 4096.")
        case .unknownGPU:
            LocalizedMessage(
                english: "Unknown GPU '{name}'.{hint} List them with `canirun gpus`.",
                spanish: "GPU desconocida: '{name}'.{hint} La lista completa está en `canirun gpus`.")
        case .didYouMean: LocalizedMessage(english: " Did you mean: {names}?", spanish: " ¿Quisiste decir: {names}?")
        case .badUseCase:
            LocalizedMessage(
                english: "--use-case must be chat, code, reasoning, vision, embedding or tools.",
                spanish: "--use-case debe ser chat, code, reasoning, vision, embedding o tools.")
        case .badLimit:
            LocalizedMessage(
                english: "--limit must be between 1 and 500.", spanish: "--limit debe estar entre 1 y 500.")
        case .badQuantizeInput:
            LocalizedMessage(
                english: "'{input}' is not a size (100GB), a parameter count (7B) or a catalog model.",
                spanish: "'{input}' no es un tamaño (100GB), una cantidad de parámetros (7B) ni un modelo del catálogo."
            )
        case .ambiguousModel:
            LocalizedMessage(
                english: "'{model}' matches several models: {names}. Name one of them.",
                spanish: "'{model}' coincide con varios modelos: {names}. Indica uno de ellos.")
        case .modelNotInCatalog:
            LocalizedMessage(
                english: "no model '{model}' in the catalog. Did you mean: {names}?",
                spanish: "no hay ningún modelo '{model}' en el catálogo. ¿Quisiste decir: {names}?")
        case .modelNotInCatalogAnd:
            LocalizedMessage(
                english: "no model '{model}' in the catalog (did you mean: {names}?); and {error}",
                spanish: "no hay ningún modelo '{model}' en el catálogo (¿quisiste decir: {names}?); además: {error}")
        case .badContext:
            LocalizedMessage(english: "--context must be 0 or more.", spanish: "--context debe ser 0 o más.")
        case .ubatchOverBatch:
            LocalizedMessage(
                english: "--ubatch ({ubatch}) cannot be larger than --batch ({batch}).",
                spanish: "--ubatch ({ubatch}) no puede ser mayor que --batch ({batch}).")
        case .batchTooSmall:
            LocalizedMessage(
                english: "--batch and --ubatch must be at least 1.", spanish: "--batch y --ubatch deben ser al menos 1."
            )
        case .badParallel:
            LocalizedMessage(
                english: "--parallel must be between 1 and 256.", spanish: "--parallel debe estar entre 1 y 256.")
        case .badFlashAttention:
            LocalizedMessage(
                english: "--flash-attention must be on, off or auto.",
                spanish: "--flash-attention debe ser on, off o auto.")
        case .badCacheType:
            LocalizedMessage(
                english: "{flag} '{value}' is not a cache type; use f16, f32, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0 or "
                    + "q5_1.",
                spanish: "{flag} '{value}' no es un tipo de caché; usa f16, f32, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0 "
                    + "o q5_1.")
        case .badGPULayers:
            LocalizedMessage(
                english: "--gpu-layers must be a number of layers, 'all' or 'auto'.",
                spanish: "--gpu-layers debe ser una cantidad de capas, 'all' o 'auto'.")
        case .badNCPUMoE:
            LocalizedMessage(english: "--n-cpu-moe must be 0 or more.", spanish: "--n-cpu-moe debe ser 0 o más.")
        case .badTensorSplit:
            LocalizedMessage(
                english: "--tensor-split '{value}' must be non-negative numbers separated by commas, e.g. 3,1.",
                spanish: "--tensor-split '{value}' deben ser números no negativos separados por comas, p. ej. 3,1.")
        case .badTopic:
            LocalizedMessage(
                english: "no topic '{topic}'. Choose one of: {topics}.",
                spanish: "no existe el tema '{topic}'. Elige uno de estos: {topics}.")
        case .badPort: LocalizedMessage(english: "--port must be 1 to 65535.", spanish: "--port debe ir de 1 a 65535.")
        case .badThreads:
            LocalizedMessage(english: "--threads must be 1 to 1024", spanish: "--threads debe ir de 1 a 1024")
        case .badBufferSize:
            LocalizedMessage(english: "--buffer-mib must be 16 to 16384", spanish: "--buffer-mib debe ir de 16 a 16384")
        case .notAFolder: LocalizedMessage(english: "{path} is not a folder", spanish: "{path} no es una carpeta")
        case .portInUse:
            LocalizedMessage(
                english: "{address} is already in use; choose another port with --port, e.g. --port {next}.",
                spanish: "{address} ya está en uso; elige otro puerto con --port, p. ej. --port {next}.")
        case .portNeedsPrivileges:
            LocalizedMessage(
                english: "no permission to listen on {address}; ports below 1024 need privileges, use --port 8080.",
                spanish: "no hay permiso para escuchar en {address}; los puertos por debajo de 1024 requieren "
                    + "privilegios, usa --port 8080.")
        case .cannotServe:
            LocalizedMessage(
                english: "cannot serve on {address}: {error}", spanish: "no se puede servir en {address}: {error}")
        case .serving:
            LocalizedMessage(
                english: "serving {url} (Ctrl-C stops)", spanish: "sirviendo en {url} (Ctrl-C lo detiene)")
        }
    }
}

/// What canirun says on standard error while it reads a model over the network.
enum NetworkMessage: String, MessageCatalog {
    case readingHub, theHub, readingOllama, fromCache, requestTotal

    var message: LocalizedMessage {
        switch self {
        case .readingHub:
            LocalizedMessage(
                english: "Reading {model} from {host} (headers only)…",
                spanish: "Leyendo {model} desde {host} (solo encabezados)…")
        case .theHub: LocalizedMessage(english: "the Hub", spanish: "el Hub")
        case .readingOllama:
            LocalizedMessage(
                english: "Reading {model} from the Ollama registry (header only)…",
                spanish: "Leyendo {model} desde el registro de Ollama (solo el encabezado)…")
        case .fromCache: LocalizedMessage(english: "cache", spanish: "caché")
        case .requestTotal:
            LocalizedMessage(
                english: "{count} requests, {bytes} over the network", spanish: "{count} peticiones, {bytes} por la red"
            )
        }
    }
}

/// The core's errors that reach people (network and Hub answers, saved machine files), worded per case. English
/// keeps the core's own `localizedDescription`; the reasons that come from lower layers stay as they are.
enum FailureMessage: String, MessageCatalog {
    case gatedWithToken, gatedWithoutToken, refusedWithToken, refusedWithoutToken, notFound, didYouMean
    case rateLimited, retryAfter, timedOut, unreachable, offline, badResponse, noFileFor, noWeights, noneAvailable
    case unknownGPU, invalidSnapshot

    var message: LocalizedMessage {
        switch self {
        case .gatedWithToken:
            LocalizedMessage(
                english: "{resource} is gated: accept its license on https://{host}/{resource}, then check that "
                    + "your token (HF_TOKEN or `hf auth login`) belongs to the account that accepted it.",
                spanish: "{resource} tiene acceso restringido: acepta su licencia en https://{host}/{resource} y "
                    + "revisa que tu token (HF_TOKEN o `hf auth login`) sea de la cuenta que la aceptó.")
        case .gatedWithoutToken:
            LocalizedMessage(
                english: "{resource} is gated: accept its license on https://{host}/{resource}, then create a read "
                    + "token at https://{host}/settings/tokens and set HF_TOKEN or run `hf auth login`.",
                spanish: "{resource} tiene acceso restringido: acepta su licencia en https://{host}/{resource}, crea "
                    + "un token de lectura en https://{host}/settings/tokens y define HF_TOKEN o ejecuta "
                    + "`hf auth login`.")
        case .refusedWithToken:
            LocalizedMessage(
                english: "Access to {resource} was refused with your token; check that it is valid and has read "
                    + "access.",
                spanish: "Se rechazó el acceso a {resource} con tu token; revisa que sea válido y tenga permiso de "
                    + "lectura.")
        case .refusedWithoutToken:
            LocalizedMessage(
                english: "Access to {resource} was refused: it is private or gated. Set HF_TOKEN to a token with "
                    + "access.",
                spanish: "Se rechazó el acceso a {resource}: es privado o de acceso restringido. Define HF_TOKEN con "
                    + "un token que tenga acceso.")
        case .notFound:
            LocalizedMessage(
                english: "{resource} was not found; check the name and the revision.{hint}",
                spanish: "No se encontró {resource}; revisa el nombre y la revisión.{hint}")
        case .didYouMean: LocalizedMessage(english: " Did you mean: {names}?", spanish: " ¿Quisiste decir: {names}?")
        case .rateLimited:
            LocalizedMessage(
                english: "{host} is limiting requests{wait}; try again later, or set HF_TOKEN: signed-in requests "
                    + "get a higher limit.",
                spanish: "{host} está limitando las peticiones{wait}; vuelve a intentarlo más tarde o define "
                    + "HF_TOKEN: las peticiones con sesión iniciada tienen un límite más alto.")
        case .retryAfter:
            LocalizedMessage(english: " (it asked to wait {seconds} s)", spanish: " (pidió esperar {seconds} s)")
        case .timedOut:
            LocalizedMessage(
                english: "{host} did not answer in time; check the connection or try again.",
                spanish: "{host} no respondió a tiempo; revisa la conexión o vuelve a intentarlo.")
        case .unreachable:
            LocalizedMessage(
                english: "Cannot reach {host} ({reason}); check the connection, or use HF_HUB_OFFLINE=1 to answer "
                    + "from what canirun has cached.",
                spanish: "No se puede llegar a {host} ({reason}); revisa la conexión o usa HF_HUB_OFFLINE=1 para "
                    + "responder con lo que canirun tiene en caché.")
        case .offline:
            LocalizedMessage(
                english: "{resource} is not in canirun's cache and HF_HUB_OFFLINE=1 forbids the network; unset it or "
                    + "run once while online.",
                spanish: "{resource} no está en la caché de canirun y HF_HUB_OFFLINE=1 impide usar la red; quita esa "
                    + "variable o ejecútalo una vez con conexión.")
        case .badResponse:
            LocalizedMessage(
                english: "Unexpected answer for {resource}: {reason}.",
                spanish: "Respuesta inesperada para {resource}: {reason}.")
        case .noFileFor:
            LocalizedMessage(
                english: "{repository} has no file for {wanted}. Available: {list}.",
                spanish: "{repository} no tiene ningún archivo para {wanted}. Disponibles: {list}.")
        case .noWeights:
            LocalizedMessage(
                english: "{repository} has no GGUF or safetensors weights canirun can read. Files: {list}.",
                spanish: "{repository} no tiene pesos GGUF ni safetensors que canirun pueda leer. Archivos: {list}.")
        case .noneAvailable: LocalizedMessage(english: "none", spanish: "ninguno")
        case .unknownGPU:
            LocalizedMessage(
                english: "Unknown GPU '{name}'.{hint} See `canirun gpus` for the list.",
                spanish: "GPU desconocida: '{name}'.{hint} La lista completa está en `canirun gpus`.")
        case .invalidSnapshot:
            LocalizedMessage(
                english: "Cannot read the machine file {path}: {reason}. Save one with "
                    + "`canirun system --json > machine.json`.",
                spanish: "No se puede leer el archivo de máquina {path}: {reason}. Guarda uno con "
                    + "`canirun system --json > machine.json`.")
        }
    }

    /// `error` in words for people: the core's own description in English, the same facts worded per case in
    /// other languages.
    static func describe(_ error: any Error, language: Language) -> String {
        guard language != .english else { return error.localizedDescription }
        func say(_ message: FailureMessage, _ values: [String: String] = [:]) -> String {
            message.text(language, values)
        }
        func hint(_ names: [String]) -> String {
            names.isEmpty ? "" : say(.didYouMean, ["names": names.joined(separator: ", ")])
        }
        if let error = error as? RemoteModelError {
            switch error {
            case .accessDenied(let resource, let gated, let hasToken, let host):
                let values = ["resource": resource, "host": host]
                if gated { return say(hasToken ? .gatedWithToken : .gatedWithoutToken, values) }
                return say(hasToken ? .refusedWithToken : .refusedWithoutToken, values)
            case .notFound(let resource, let suggestions):
                return say(.notFound, ["resource": resource, "hint": hint(suggestions)])
            case .rateLimited(let host, let retryAfter):
                let wait = retryAfter.map { say(.retryAfter, ["seconds": "\($0)"]) } ?? ""
                return say(.rateLimited, ["host": host, "wait": wait])
            case .timedOut(let host): return say(.timedOut, ["host": host])
            case .unreachable(let host, let reason): return say(.unreachable, ["host": host, "reason": reason])
            case .offline(let resource): return say(.offline, ["resource": resource])
            case .badResponse(let resource, let reason):
                return say(.badResponse, ["resource": resource, "reason": reason])
            case .noModelFile(let repository, let wanted, let available):
                let list = available.isEmpty ? say(.noneAvailable) : available.prefix(12).joined(separator: ", ")
                if let wanted { return say(.noFileFor, ["repository": repository, "wanted": wanted, "list": list]) }
                return say(.noWeights, ["repository": repository, "list": list])
            }
        }
        if let error = error as? HardwareOverrideError {
            switch error {
            case .unknownGPU(let name, let suggestions):
                return say(.unknownGPU, ["name": name, "hint": hint(suggestions)])
            case .invalidSnapshot(let path, let reason): return say(.invalidSnapshot, ["path": path, "reason": reason])
            }
        }
        return error.localizedDescription
    }
}
