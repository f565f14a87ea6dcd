/// Every sentence of `canirun explain`, in English and Spanish. The switch makes the compiler demand a text for
/// each message; a test demands both languages and the same placeholders in each.
enum LessonMessage: String, CaseIterable {
    case title, units
    case cpuGPUHeading, cpuGPURoles, cpuLine, noVectorFeatures, gpuLine, gpuDedicated, gpuUnified, bandwidthSuffix
    case noGPU, speedRule
    case ramVRAMHeading, ramVRAMRoles, unifiedNote, ramLine, ramBelowMinimum, ramComfortable, ramIdeal
    case vramLine, vramNone, vramSmall, vramTwelveToSixteen, vramLarge
    case quantizationHeading, quantizationIntro, limitsIntro, precisionHeader, onGPUHeader, inRAMHeader, bitsLabel
    case quantizeHint
    case memoryHeading, exampleIntro, weights, kvCache, buffers, overhead, total, fitGPU, fitPartial, fitCPU, fitNone
    case exampleHint, noExample
    case modelsHeading, modelsRecommend, modelsCheckOllama, modelsCheckHuggingFace, modelsEstimate, modelsScan
    case topicsHint

    var message: LocalizedMessage {
        switch self {
        case .title:
            LocalizedMessage(
                english: "canirun explain · the lesson, with this machine's numbers",
                spanish: "canirun explain · la lección, con los números de esta máquina")
        case .units:
            LocalizedMessage(
                english: "(GiB = 2^30 bytes, GB = 10^9 bytes; B = billion parameters)",
                spanish: "(GiB = 2^30 bytes, GB = 10^9 bytes; B = mil millones de parámetros)")
        case .cpuGPUHeading: LocalizedMessage(english: "CPU vs GPU", spanish: "CPU frente a GPU")
        case .cpuGPURoles:
            LocalizedMessage(
                english: "An LLM is mostly matrix multiplication: for every token it writes, it reads every weight "
                    + "once. A GPU does that maths with thousands of cores and fast memory; the CPU runs the program, "
                    + "prepares the input, and does the maths itself for any layers the GPU cannot hold.",
                spanish: "Un LLM es, sobre todo, multiplicación de matrices: por cada token que escribe, lee una vez "
                    + "cada peso. Una GPU hace esas cuentas con miles de núcleos y memoria rápida; la CPU ejecuta el "
                    + "programa, prepara la entrada y hace ella misma las cuentas de las capas que no caben en la GPU.")
        case .cpuLine:
            LocalizedMessage(
                english: "This CPU: {model}, {cores} cores / {threads} threads; vector instructions: {features}.",
                spanish: "Esta CPU: {model}, {cores} núcleos / {threads} hilos; instrucciones vectoriales: {features}.")
        case .noVectorFeatures: LocalizedMessage(english: "none detected", spanish: "no se detectó ninguna")
        case .gpuLine:
            LocalizedMessage(
                english: "GPU: {name}, {memory} of {kind}{bandwidth}.",
                spanish: "GPU: {name}, {memory} de {kind}{bandwidth}.")
        case .gpuDedicated: LocalizedMessage(english: "its own memory (VRAM)", spanish: "memoria propia (VRAM)")
        case .gpuUnified:
            LocalizedMessage(
                english: "unified memory shared with the CPU", spanish: "memoria unificada, compartida con la CPU")
        case .bandwidthSuffix:
            LocalizedMessage(english: ", read at {bandwidth}/s", spanish: ", que se lee a {bandwidth}/s")
        case .noGPU:
            LocalizedMessage(
                english: "No GPU was found: the CPU does all the maths, and RAM bandwidth sets the speed.",
                spanish: "No se encontró una GPU: la CPU hace todas las cuentas y el ancho de banda de la RAM "
                    + "marca la velocidad.")
        case .speedRule:
            LocalizedMessage(
                english: "Because each token reads every weight once, speed is roughly memory bandwidth ÷ model "
                    + "size: the faster memory wins, and a smaller (quantized) model is also a faster one.",
                spanish: "Como cada token lee una vez cada peso, la velocidad es más o menos el ancho de banda de "
                    + "la memoria ÷ el tamaño del modelo: gana la memoria más rápida, y un modelo más chico "
                    + "(cuantizado) también es más rápido.")
        case .ramVRAMHeading: LocalizedMessage(english: "RAM vs VRAM", spanish: "RAM frente a VRAM")
        case .ramVRAMRoles:
            LocalizedMessage(
                english: "RAM is the computer's main memory: it holds the system, your programs, and any part of a "
                    + "model that runs on the CPU. VRAM is the GPU's own memory: what fits there runs fast; what "
                    + "does not stays in RAM and runs at CPU speed.",
                spanish: "La RAM es la memoria principal de la computadora: guarda el sistema, tus programas y la "
                    + "parte del modelo que corre en la CPU. La VRAM es la memoria propia de la GPU: lo que cabe "
                    + "ahí corre rápido; lo que no cabe queda en la RAM y corre a la velocidad de la CPU.")
        case .unifiedNote:
            LocalizedMessage(
                english: "This machine has unified memory: CPU and GPU share one pool, so its RAM is also its VRAM.",
                spanish: "Esta máquina tiene memoria unificada: la CPU y la GPU comparten una sola memoria, así que "
                    + "su RAM es también su VRAM.")
        case .ramLine:
            LocalizedMessage(
                english: "RAM here: {total} in total, {usable} usable for a model.",
                spanish: "RAM aquí: {total} en total, {usable} disponibles para un modelo.")
        case .ramBelowMinimum:
            LocalizedMessage(
                english: "That is below the usual 16 GB minimum for local LLMs: small models only.",
                spanish: "Está por debajo del mínimo habitual de 16 GB para LLM locales: solo modelos pequeños.")
        case .ramComfortable:
            LocalizedMessage(
                english: "That is in the comfortable 16–64 GB range: small and mid-size quantized models.",
                spanish: "Está en el rango cómodo de 16 a 64 GB: modelos cuantizados pequeños y medianos.")
        case .ramIdeal:
            LocalizedMessage(
                english: "That is 64 GB or more, the ideal: room for large models.",
                spanish: "Son 64 GB o más, lo ideal: hay lugar para modelos grandes.")
        case .vramLine:
            LocalizedMessage(
                english: "GPU memory here: {pool} usable for a model's layers.",
                spanish: "Memoria de GPU aquí: {pool} disponibles para las capas de un modelo.")
        case .vramNone:
            LocalizedMessage(
                english: "No VRAM: everything runs from RAM.", spanish: "Sin VRAM: todo corre desde la RAM.")
        case .vramSmall:
            LocalizedMessage(
                english: "Under 12 GB: small models on the GPU; larger ones only with part of them in RAM.",
                spanish: "Menos de 12 GB: modelos pequeños en la GPU; los más grandes, solo con una parte en la RAM.")
        case .vramTwelveToSixteen:
            LocalizedMessage(
                english: "12–16 GB: small models, and mid-size ones when quantized.",
                spanish: "De 12 a 16 GB: modelos pequeños, y medianos si están cuantizados.")
        case .vramLarge:
            LocalizedMessage(
                english: "More than 16 GB: larger quantized models fit entirely on the GPU.",
                spanish: "Más de 16 GB: modelos cuantizados más grandes caben enteros en la GPU.")
        case .quantizationHeading: LocalizedMessage(english: "Quantization", spanish: "Cuantización")
        case .quantizationIntro:
            LocalizedMessage(
                english: "Models are published with 16 bits (2 bytes) per weight. Quantization stores each weight "
                    + "in fewer bits: at 8 bits a model is half the size, at 4 bits a quarter. A 100 GB model "
                    + "becomes 50 GB at 8 bits and 25 GB at 4 bits, losing a little quality on the way.",
                spanish: "Los modelos se publican con 16 bits (2 bytes) por peso. Cuantizar guarda cada peso en "
                    + "menos bits: a 8 bits el modelo ocupa la mitad y a 4 bits la cuarta parte. Un modelo de "
                    + "100 GB pasa a 50 GB a 8 bits y a 25 GB a 4 bits, con una pequeña pérdida de calidad.")
        case .limitsIntro:
            LocalizedMessage(
                english: "The largest model whose weights alone fit here (context and buffers need room on top):",
                spanish: "El modelo más grande cuyos pesos, por sí solos, caben aquí (el contexto y los búferes "
                    + "necesitan espacio aparte):")
        case .precisionHeader: LocalizedMessage(english: "precision", spanish: "precisión")
        case .onGPUHeader: LocalizedMessage(english: "on the GPU", spanish: "en la GPU")
        case .inRAMHeader: LocalizedMessage(english: "in RAM", spanish: "en la RAM")
        case .bitsLabel: LocalizedMessage(english: "{bits}-bit", spanish: "{bits} bits")
        case .quantizeHint:
            LocalizedMessage(
                english: "Every precision and GGUF type for a size: canirun quantize 70B",
                spanish: "Cada precisión y tipo GGUF para un tamaño: canirun quantize 70B")
        case .memoryHeading:
            LocalizedMessage(english: "Where a model's memory goes", spanish: "A dónde va la memoria de un modelo")
        case .exampleIntro:
            LocalizedMessage(
                english: "{model} as {quantization} ({file} file) with {context} tokens of context, as llama.cpp "
                    + "would allocate it here:",
                spanish: "{model} en {quantization} (archivo de {file}) con {context} tokens de contexto, tal como "
                    + "lo reservaría llama.cpp aquí:")
        case .weights: LocalizedMessage(english: "weights", spanish: "pesos")
        case .kvCache:
            LocalizedMessage(english: "KV cache (grows with context)", spanish: "caché KV (crece con el contexto)")
        case .buffers:
            LocalizedMessage(english: "compute and output buffers", spanish: "búferes de cálculo y de salida")
        case .overhead:
            LocalizedMessage(
                english: "the engine itself and any GPU driver",
                spanish: "el propio motor y, si hay GPU, su controlador")
        case .total: LocalizedMessage(english: "total", spanish: "total")
        case .fitGPU: LocalizedMessage(english: "It fits entirely on the GPU.", spanish: "Cabe entero en la GPU.")
        case .fitPartial:
            LocalizedMessage(
                english: "Part of it runs on the GPU and the rest from RAM.",
                spanish: "Una parte corre en la GPU y el resto desde la RAM.")
        case .fitCPU:
            LocalizedMessage(english: "It runs from RAM on the CPU.", spanish: "Corre desde la RAM en la CPU.")
        case .fitNone: LocalizedMessage(english: "It does not fit this machine.", spanish: "No cabe en esta máquina.")
        case .exampleHint:
            LocalizedMessage(
                english: "Every buffer, placement and speed: canirun check llama3.1:8b",
                spanish: "Cada búfer, ubicación y velocidad: canirun check llama3.1:8b")
        case .noExample:
            LocalizedMessage(
                english: "(The example model is missing from the catalog.)",
                spanish: "(El modelo de ejemplo no está en el catálogo.)")
        case .modelsHeading: LocalizedMessage(english: "Checking a model", spanish: "Cómo revisar un modelo")
        case .modelsRecommend:
            LocalizedMessage(
                english: "the best models for this machine", spanish: "los mejores modelos para esta máquina")
        case .modelsCheckOllama:
            LocalizedMessage(
                english: "an Ollama name: every quantization, and how to run it",
                spanish: "un nombre de Ollama: cada cuantización y cómo ejecutarla")
        case .modelsCheckHuggingFace:
            LocalizedMessage(
                english: "a Hugging Face repository from the catalog",
                spanish: "un repositorio de Hugging Face del catálogo")
        case .modelsEstimate:
            LocalizedMessage(
                english: "a GGUF file you have: memory per buffer and speed",
                spanish: "un archivo GGUF que ya tienes: memoria por búfer y velocidad")
        case .modelsScan:
            LocalizedMessage(
                english: "the models already on this disk", spanish: "los modelos que ya están en este disco")
        case .topicsHint:
            LocalizedMessage(
                english: "One topic at a time: canirun explain cpu-gpu | ram-vram | quantization | memory | models",
                spanish: "Un tema a la vez: canirun explain cpu-gpu | ram-vram | quantization | memory | models")
        }
    }

    func text(_ language: Language, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }
}
