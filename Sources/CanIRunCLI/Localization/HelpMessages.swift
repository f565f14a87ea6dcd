/// Help texts: command abstracts and discussions, option and argument help. The argument parser builds them
/// before it parses, so they follow `Language.current` (a pre-scan of `--lang`, then the environment). Examples
/// stay in every language; only their comments are translated.
enum HelpMessage: String, MessageCatalog {
    case jsonFlag, noColorFlag, langOption
    case rootAbstract
    case rootDiscussion
    case benchAbstract
    case benchMemoryAbstract
    case benchMemoryDiscussion
    case threadsOption
    case bufferOption
    case noSaveFlag
    case checkAbstract
    case checkDiscussion
    case checkModelArgument
    case recommendAbstract
    case recommendDiscussion
    case useCaseOption
    case limitOption
    case quantizeAbstract
    case quantizeDiscussion
    case quantizeInputArgument
    case contextOption
    case batchOption
    case ubatchOption
    case parallelOption
    case kvUnifiedFlag
    case flashAttentionOption
    case cacheTypeKOption
    case cacheTypeVOption
    case gpuLayersOption
    case cpuMoEFlag
    case nCPUMoEOption
    case noMmapFlag
    case noKVOffloadFlag
    case swaFullFlag
    case noRepackFlag
    case tensorSplitOption
    case mmprojOption
    case estimateAbstract
    case estimateDiscussion
    case estimateModelArgument
    case explainAbstract
    case explainDiscussion
    case topicArgument
    case gpusAbstract
    case gpusDiscussion
    case gpusQueryArgument
    case gpuOption
    case vramOption
    case ramOption
    case cpuCoresOption
    case hardwareOption
    case inspectAbstract
    case inspectDiscussion
    case inspectPathArgument
    case metadataFlag
    case offlineFlag
    case verboseFlag
    case scanAbstract
    case scanDiscussion
    case scanFoldersArgument
    case serveAbstract
    case serveDiscussion
    case hostOption
    case portOption
    case systemAbstract
    case systemDiscussion

    var message: LocalizedMessage {
        switch self {
        case .jsonFlag:
            LocalizedMessage(english: "Print JSON instead of text.", spanish: "Imprime JSON en lugar de texto.")
        case .noColorFlag:
            LocalizedMessage(
                english: "Never colour the output (colour is used only on a terminal).",
                spanish: "Nunca usa colores en la salida (solo se usan en una terminal).")
        case .langOption:
            LocalizedMessage(
                english: "Language of the text: en or es (default: from LC_ALL, LC_MESSAGES or LANG). JSON is the "
                    + "same in every language.",
                spanish: "Idioma del texto: en o es (por omisión, según LC_ALL, LC_MESSAGES o LANG). El JSON es el "
                    + "mismo en todos los idiomas.")
        case .rootAbstract:
            LocalizedMessage(
                english: "Which LLMs can I run here, how well, and exactly how do I run them?",
                spanish: "¿Qué LLM puedo correr aquí, qué tan bien y exactamente cómo los ejecuto?")
        case .rootDiscussion:
            LocalizedMessage(
                english: """
                    canirun reads this machine (CPU, RAM, every GPU) and model files (GGUF, safetensors), and \
                    computes what llama.cpp would allocate before you download anything.

                    Examples:
                      canirun                          the best models for this machine
                      canirun check llama3.1:8b        each quantization, and how to run it
                      canirun estimate model.gguf      memory per buffer, placement, speed
                      canirun scan                     models already on this disk
                      canirun system --json            this machine as JSON
                      canirun system --gpu "RTX 4090"  a what-if machine
                      canirun inspect model.gguf       what is inside a model file
                      canirun gpus 4090                look up GPUs in the database
                      canirun bench memory             measure RAM bandwidth for speed
                      canirun explain --lang es        the lesson with this machine's numbers
                    """,
                spanish: """
                    canirun lee esta máquina (CPU, RAM, cada GPU) y los archivos de modelos (GGUF, \
                    safetensors), y calcula lo que llama.cpp reservaría antes de que descargues nada.

                    Ejemplos:
                      canirun                          los mejores modelos para esta máquina
                      canirun check llama3.1:8b        cada cuantización y cómo ejecutarla
                      canirun estimate model.gguf      memoria por búfer, ubicación, velocidad
                      canirun scan                     los modelos que ya están en este disco
                      canirun system --json            esta máquina en JSON
                      canirun system --gpu "RTX 4090"  una máquina hipotética
                      canirun inspect model.gguf       qué hay dentro de un archivo de modelo
                      canirun gpus 4090                buscar GPU en la base de datos
                      canirun bench memory             medir el ancho de banda de la RAM para la velocidad
                      canirun explain --lang es        la lección con los números de esta máquina
                    """)
        case .benchAbstract:
            LocalizedMessage(
                english: "Measure this machine (memory bandwidth) so speed estimates can use the result.",
                spanish: """
                    Mide esta máquina (ancho de banda de memoria) para que las estimaciones de velocidad usen \
                    el resultado.
                    """)
        case .benchMemoryAbstract:
            LocalizedMessage(
                english: "Measure RAM read bandwidth with all cores and keep the result for speed estimates.",
                spanish: """
                    Mide el ancho de banda de lectura de la RAM con todos los núcleos y guarda el resultado \
                    para las estimaciones de velocidad.
                    """)
        case .benchMemoryDiscussion:
            LocalizedMessage(
                english: """
                    Every core streams reads through a buffer much larger than the caches; the pass is \
                    repeated (under 2 seconds in all) and the median is kept, with the slowest and fastest \
                    repeat so a busy machine shows. The result is saved to \
                    $XDG_CACHE_HOME/canirun/bandwidth.json (~/.cache/canirun/bandwidth.json) with the date and \
                    the CPU model; speed estimates on this CPU then use it (basis "measured").

                    Examples:
                      canirun bench memory
                      canirun bench memory --json
                      canirun bench memory --no-save
                    """,
                spanish: """
                    Cada núcleo lee en secuencia un búfer mucho más grande que las cachés; la pasada se repite \
                    (menos de 2 segundos en total) y se guarda la mediana, con la repetición más lenta y la \
                    más rápida para que se note si la máquina está ocupada. El resultado se guarda en \
                    $XDG_CACHE_HOME/canirun/bandwidth.json (~/.cache/canirun/bandwidth.json) con la fecha y el \
                    modelo de CPU; las estimaciones de velocidad en esta CPU lo usan después (base \
                    "measured").

                    Ejemplos:
                      canirun bench memory
                      canirun bench memory --json
                      canirun bench memory --no-save
                    """)
        case .threadsOption:
            LocalizedMessage(
                english: "Threads to read with (default: every logical core).",
                spanish: "Hilos con los que leer (por omisión: todos los núcleos lógicos).")
        case .bufferOption:
            LocalizedMessage(
                english: "Buffer size in MiB (default 512; keep it well above the last-level cache).",
                spanish: """
                    Tamaño del búfer en MiB (por omisión 512; muy por encima de la caché de último nivel).
                    """)
        case .noSaveFlag:
            LocalizedMessage(
                english: "Do not save the result to the cache directory.",
                spanish: "No guarda el resultado en el directorio de caché.")
        case .checkAbstract:
            LocalizedMessage(
                english: """
                    Judge every common quantization of a model against this machine, with exact run commands.
                    """,
                spanish: """
                    Evalúa cada cuantización común de un modelo frente a esta máquina, con los comandos \
                    exactos para ejecutarla.
                    """)
        case .checkDiscussion:
            LocalizedMessage(
                english: """
                    MODEL is a catalog id or an Ollama-style name (close names are suggested), or a \
                    safetensors checkpoint outside the catalog: a Hugging Face repository (hf:org/repo, a \
                    huggingface.co URL) or a local folder with config.json, whose config and headers are read \
                    to predict every quantization. A single GGUF file (local, on the Hub, or an Ollama model \
                    not in the catalog) is judged as it is, as `canirun estimate` does.

                    Examples:
                      canirun check llama3.1:8b
                      canirun check qwen3-30b-a3b --gpu "RTX 4090"
                      canirun check gemma-3-27b-it --json
                      canirun check hf:HuggingFaceTB/SmolLM3-3B
                    """,
                spanish: """
                    MODEL es un id del catálogo o un nombre al estilo de Ollama (se sugieren nombres \
                    parecidos), o un checkpoint safetensors fuera del catálogo: un repositorio de Hugging Face \
                    (hf:org/repo, una URL de huggingface.co) o una carpeta local con config.json, cuya \
                    configuración y encabezados se leen para predecir cada cuantización. Un solo archivo GGUF \
                    (local, en el Hub o un modelo de Ollama que no está en el catálogo) se evalúa tal cual, \
                    como hace `canirun estimate`.

                    Ejemplos:
                      canirun check llama3.1:8b
                      canirun check qwen3-30b-a3b --gpu "RTX 4090"
                      canirun check gemma-3-27b-it --json
                      canirun check hf:HuggingFaceTB/SmolLM3-3B
                    """)
        case .checkModelArgument:
            LocalizedMessage(
                english: "A catalog id, an Ollama name such as llama3.1:8b, hf:org/repo, or a local model.",
                spanish: """
                    Un id del catálogo, un nombre de Ollama como llama3.1:8b, hf:org/repo o un modelo local.
                    """)
        case .recommendAbstract:
            LocalizedMessage(
                english: "The best models for this machine, ranked, each at its best quantization.",
                spanish: "Los mejores modelos para esta máquina, ordenados, cada uno en su mejor cuantización.")
        case .recommendDiscussion:
            LocalizedMessage(
                english: """
                    Running canirun with no command does the same.

                    Examples:
                      canirun
                      canirun recommend --use-case code --limit 5
                      canirun recommend --gpu "RTX 3060" --ram 32GB --json
                    """,
                spanish: """
                    Ejecutar canirun sin comando hace lo mismo.

                    Ejemplos:
                      canirun
                      canirun recommend --use-case code --limit 5
                      canirun recommend --gpu "RTX 3060" --ram 32GB --json
                    """)
        case .useCaseOption:
            LocalizedMessage(
                english: "chat, code, reasoning, vision, embedding or tools.",
                spanish: "chat, code, reasoning, vision, embedding o tools.")
        case .limitOption:
            LocalizedMessage(
                english: "How many models to list.",
                spanish: "Cuántos modelos listar.")
        case .quantizeAbstract:
            LocalizedMessage(
                english: """
                    How big a model is at 32, 16, 8 … 2 bits and in the common GGUF types, and what fits here.
                    """,
                spanish: """
                    Cuánto ocupa un modelo a 32, 16, 8 … 2 bits y en los tipos GGUF comunes, y qué cabe aquí.
                    """)
        case .quantizeDiscussion:
            LocalizedMessage(
                english: """
                    SIZE is a 16-bit model's size (100GB) or a parameter count (7B); MODEL is a catalog id.

                    Examples:
                      canirun quantize 100GB        a 100 GB 16-bit model at every precision
                      canirun quantize 70B
                      canirun quantize qwen2.5-7b-instruct --json
                    """,
                spanish: """
                    SIZE es el tamaño de un modelo de 16 bits (100GB) o una cantidad de parámetros (7B); MODEL \
                    es un id del catálogo.

                    Ejemplos:
                      canirun quantize 100GB        un modelo de 100 GB a 16 bits en cada precisión
                      canirun quantize 70B
                      canirun quantize qwen2.5-7b-instruct --json
                    """)
        case .quantizeInputArgument:
            LocalizedMessage(
                english: "A size (100GB), a parameter count (7B) or a catalog model id.",
                spanish: "Un tamaño (100GB), una cantidad de parámetros (7B) o un id de modelo del catálogo.")
        case .contextOption:
            LocalizedMessage(
                english: "Context length (default: the model's own, as llama.cpp's -c 0).",
                spanish: "Longitud del contexto (por omisión: la del modelo, como -c 0 en llama.cpp).")
        case .batchOption:
            LocalizedMessage(
                english: "Logical batch size (llama.cpp -b).",
                spanish: "Tamaño de lote lógico (llama.cpp -b).")
        case .ubatchOption:
            LocalizedMessage(
                english: "Physical batch size (llama.cpp -ub).",
                spanish: "Tamaño de lote físico (llama.cpp -ub).")
        case .parallelOption:
            LocalizedMessage(
                english: "Parallel sequences (llama.cpp -np).",
                spanish: "Secuencias en paralelo (llama.cpp -np).")
        case .kvUnifiedFlag:
            LocalizedMessage(
                english: "One KV cache shared by all sequences (llama.cpp -kvu).",
                spanish: "Una sola caché KV compartida por todas las secuencias (llama.cpp -kvu).")
        case .flashAttentionOption:
            LocalizedMessage(
                english: "on, off or auto (llama.cpp -fa).",
                spanish: "on, off o auto (llama.cpp -fa).")
        case .cacheTypeKOption:
            LocalizedMessage(
                english: "K cache type: f16, f32, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0, q5_1.",
                spanish: "Tipo de la caché K: f16, f32, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0, q5_1.")
        case .cacheTypeVOption:
            LocalizedMessage(
                english: "V cache type (quantized types need flash attention).",
                spanish: "Tipo de la caché V (los tipos cuantizados necesitan flash attention).")
        case .gpuLayersOption:
            LocalizedMessage(
                english: "Layers on the GPU(s), counting the output layer, or 'auto' to plan.",
                spanish: "Capas en la(s) GPU, contando la capa de salida, o 'auto' para planificarlas.")
        case .cpuMoEFlag:
            LocalizedMessage(
                english: "Keep every MoE expert tensor in system RAM.",
                spanish: "Deja todos los tensores de expertos MoE en la RAM del sistema.")
        case .nCPUMoEOption:
            LocalizedMessage(
                english: "Keep the MoE experts of the first N layers in system RAM.",
                spanish: "Deja en la RAM del sistema los expertos MoE de las primeras N capas.")
        case .noMmapFlag:
            LocalizedMessage(
                english: "Copy the weights into RAM instead of mapping the file.",
                spanish: "Copia los pesos a la RAM en lugar de mapear el archivo.")
        case .noKVOffloadFlag:
            LocalizedMessage(
                english: "Keep the KV cache in system RAM (llama.cpp -nkvo).",
                spanish: "Deja la caché KV en la RAM del sistema (llama.cpp -nkvo).")
        case .swaFullFlag:
            LocalizedMessage(
                english: "Full-size cache for sliding-window layers.",
                spanish: "Caché de tamaño completo para las capas de ventana deslizante.")
        case .noRepackFlag:
            LocalizedMessage(
                english: "Keep CPU weights as stored (llama.cpp -nr).",
                spanish: "Deja los pesos de la CPU tal como están guardados (llama.cpp -nr).")
        case .tensorSplitOption:
            LocalizedMessage(
                english: "Share of layers per GPU, e.g. 3,1 (llama.cpp -ts).",
                spanish: "Proporción de capas por GPU, p. ej. 3,1 (llama.cpp -ts).")
        case .mmprojOption:
            LocalizedMessage(
                english: "A multimodal projector GGUF loaded with the model (llama.cpp --mmproj).",
                spanish: "Un proyector multimodal GGUF que se carga con el modelo (llama.cpp --mmproj).")
        case .estimateAbstract:
            LocalizedMessage(
                english: "Compute the memory llama.cpp will allocate for a model, on the host and on each GPU.",
                spanish: """
                    Calcula la memoria que llama.cpp reservará para un modelo, en el anfitrión y en cada GPU.
                    """)
        case .estimateDiscussion:
            LocalizedMessage(
                english: """
                    Follows llama.cpp b11434's allocation rules: weights per buffer (mapped, repacked, \
                    offloaded), KV cache per layer kind (full, sliding window, MLA, recurrent), compute and \
                    output buffers. Defaults are llama.cpp's: the model's training context, batch 2048, ubatch \
                    512, flash attention auto, f16 cache, all layers on the GPU (--gpu-layers auto plans \
                    layers and context for this machine).

                    Examples:
                      canirun estimate model.gguf
                      canirun estimate model.gguf --context 8192 --cache-type-k q8_0 --cache-type-v q8_0
                      canirun estimate model.gguf --gpu "RTX 4060" --gpu-layers 20
                      canirun estimate model.gguf --gpu none --json
                      canirun estimate unsloth/Qwen3-8B-GGUF:Q4_K_M -c 32768
                      canirun estimate qwen3:8b --gpu "RTX 3060"

                    MODEL takes the same forms as in `canirun inspect` (local files, Hugging Face, Ollama).
                    """,
                spanish: """
                    Sigue las reglas de reserva de memoria de llama.cpp b11434: pesos por búfer (mapeados, \
                    reempaquetados, descargados a la GPU), caché KV por tipo de capa (completa, ventana \
                    deslizante, MLA, recurrente), búferes de cómputo y de salida. Los valores por omisión son \
                    los de llama.cpp: el contexto de entrenamiento del modelo, lote 2048, ubatch 512, flash \
                    attention auto, caché f16, todas las capas en la GPU (--gpu-layers auto planifica capas y \
                    contexto para esta máquina).

                    Ejemplos:
                      canirun estimate model.gguf
                      canirun estimate model.gguf --context 8192 --cache-type-k q8_0 --cache-type-v q8_0
                      canirun estimate model.gguf --gpu "RTX 4060" --gpu-layers 20
                      canirun estimate model.gguf --gpu none --json
                      canirun estimate unsloth/Qwen3-8B-GGUF:Q4_K_M -c 32768
                      canirun estimate qwen3:8b --gpu "RTX 3060"

                    MODEL acepta las mismas formas que en `canirun inspect` (archivos locales, Hugging Face, \
                    Ollama).
                    """)
        case .estimateModelArgument:
            LocalizedMessage(
                english: "A GGUF file, a safetensors folder, hf:org/repo[:QUANT] or an Ollama name:tag.",
                spanish: """
                    Un archivo GGUF, una carpeta safetensors, hf:org/repo[:QUANT] o un nombre:etiqueta de Ollama.
                    """)
        case .explainAbstract:
            LocalizedMessage(
                english: """
                    The lesson behind canirun (CPU vs GPU, RAM vs VRAM, quantization) with this machine's numbers.
                    """,
                spanish: """
                    La lección detrás de canirun (CPU frente a GPU, RAM frente a VRAM, cuantización) con los \
                    números de esta máquina.
                    """)
        case .explainDiscussion:
            LocalizedMessage(
                english: """
                    TOPIC is one of: cpu-gpu, ram-vram, quantization, memory, models. Without it, all of them.
                    The language follows LC_ALL / LC_MESSAGES / LANG (es_* is Spanish) unless --lang is given.

                    Examples:
                      canirun explain
                      canirun explain quantization
                      canirun explain --lang es                la lección en español
                      canirun explain ram-vram --gpu "RTX 3060" --ram 16GB
                    """,
                spanish: """
                    TOPIC es uno de: cpu-gpu, ram-vram, quantization, memory, models. Sin él, todos.
                    El idioma sigue a LC_ALL / LC_MESSAGES / LANG (es_* es español) salvo que se indique --lang.

                    Ejemplos:
                      canirun explain
                      canirun explain quantization
                      canirun explain --lang es                la lección en español
                      canirun explain ram-vram --gpu "RTX 3060" --ram 16GB
                    """)
        case .topicArgument:
            LocalizedMessage(
                english: "cpu-gpu, ram-vram, quantization, memory or models.",
                spanish: "cpu-gpu, ram-vram, quantization, memory o models.")
        case .gpusAbstract:
            LocalizedMessage(
                english: "Search canirun's GPU database (the names --gpu accepts).",
                spanish: "Busca en la base de datos de GPU de canirun (los nombres que acepta --gpu).")
        case .gpusDiscussion:
            LocalizedMessage(
                english: """
                    Examples:
                      canirun gpus              every GPU canirun knows
                      canirun gpus 4090         entries matching "4090"
                      canirun gpus apple --json
                    """,
                spanish: """
                    Ejemplos:
                      canirun gpus              todas las GPU que conoce canirun
                      canirun gpus 4090         las que coinciden con "4090"
                      canirun gpus apple --json
                    """)
        case .gpusQueryArgument:
            LocalizedMessage(
                english: "Words to search for in names and aliases.",
                spanish: "Palabras a buscar en los nombres y alias.")
        case .gpuOption:
            LocalizedMessage(
                english: "Plan for this GPU instead of the detected ones (repeatable; `none` for no GPU).",
                spanish: """
                    Planifica para esta GPU en lugar de las detectadas (se puede repetir; `none` para ninguna GPU).
                    """)
        case .vramOption:
            LocalizedMessage(
                english: "VRAM per GPU, e.g. 24GB (memory sizes are binary: 24GB = 24 GiB).",
                spanish: "VRAM por GPU, p. ej. 24GB (los tamaños de memoria son binarios: 24GB = 24 GiB).")
        case .ramOption:
            LocalizedMessage(
                english: "System RAM, e.g. 32GB (= 32 GiB, as RAM is sold).",
                spanish: "RAM del sistema, p. ej. 32GB (= 32 GiB, como se vende la RAM).")
        case .cpuCoresOption:
            LocalizedMessage(
                english: "CPU cores.",
                spanish: "Núcleos de CPU.")
        case .hardwareOption:
            LocalizedMessage(
                english: "Load a machine saved with `canirun system --json`.",
                spanish: "Carga una máquina guardada con `canirun system --json`.")
        case .inspectAbstract:
            LocalizedMessage(
                english: "Show what is inside a model file, reading only its header.",
                spanish: "Muestra qué hay dentro de un archivo de modelo, leyendo solo su encabezado.")
        case .inspectDiscussion:
            LocalizedMessage(
                english: """
                    MODEL is a .gguf file (any part of a split model), a folder with config.json and \
                    .safetensors, a Hugging Face repository (hf:org/repo, org/repo:Q4_K_M, a huggingface.co \
                    URL; @revision picks a branch or commit) or an Ollama model (llama3.2:1b, \
                    ollama:namespace/name:tag). Remote models are read with HTTP Range requests: only their \
                    headers cross the network. HF_TOKEN, HF_ENDPOINT and HF_HUB_OFFLINE work as in \
                    huggingface_hub; answers are cached (CANIRUN_CACHE_DIR, CANIRUN_NO_CACHE=1).

                    Examples:
                      canirun inspect Qwen2.5-7B-Instruct-Q4_K_M.gguf
                      canirun inspect model-00001-of-00003.gguf --json
                      canirun inspect ~/.cache/huggingface/hub/models--Qwen--Qwen2.5-0.5B/snapshots/<rev>/
                      canirun inspect bartowski/Qwen2.5-7B-Instruct-GGUF:Q5_K_M --verbose
                      canirun inspect hf:Qwen/Qwen3-8B
                      canirun inspect llama3.2:1b
                    """,
                spanish: """
                    MODEL es un archivo .gguf (cualquier parte de un modelo dividido), una carpeta con \
                    config.json y .safetensors, un repositorio de Hugging Face (hf:org/repo, org/repo:Q4_K_M, \
                    una URL de huggingface.co; @revision elige una rama o un commit) o un modelo de Ollama \
                    (llama3.2:1b, ollama:namespace/name:tag). Los modelos remotos se leen con peticiones HTTP \
                    Range: solo sus encabezados viajan por la red. HF_TOKEN, HF_ENDPOINT y HF_HUB_OFFLINE \
                    funcionan como en huggingface_hub; las respuestas se guardan en caché (CANIRUN_CACHE_DIR, \
                    CANIRUN_NO_CACHE=1).

                    Ejemplos:
                      canirun inspect Qwen2.5-7B-Instruct-Q4_K_M.gguf
                      canirun inspect model-00001-of-00003.gguf --json
                      canirun inspect ~/.cache/huggingface/hub/models--Qwen--Qwen2.5-0.5B/snapshots/<rev>/
                      canirun inspect bartowski/Qwen2.5-7B-Instruct-GGUF:Q5_K_M --verbose
                      canirun inspect hf:Qwen/Qwen3-8B
                      canirun inspect llama3.2:1b
                    """)
        case .inspectPathArgument:
            LocalizedMessage(
                english: "A GGUF file, a safetensors folder, hf:org/repo[:QUANT] or an Ollama name:tag.",
                spanish: """
                    Un archivo GGUF, una carpeta safetensors, hf:org/repo[:QUANT] o un nombre:etiqueta de Ollama.
                    """)
        case .metadataFlag:
            LocalizedMessage(
                english: "Also list every metadata key of a GGUF file.",
                spanish: "Lista también cada clave de metadatos de un archivo GGUF.")
        case .offlineFlag:
            LocalizedMessage(
                english: "Use only what canirun has cached; never touch the network (as HF_HUB_OFFLINE=1).",
                spanish: """
                    Usa solo lo que canirun tiene en caché; nunca accede a la red (como HF_HUB_OFFLINE=1).
                    """)
        case .verboseFlag:
            LocalizedMessage(
                english: "List every request and the bytes it read.",
                spanish: "Lista cada petición y los bytes que leyó.")
        case .scanAbstract:
            LocalizedMessage(
                english: "Find the models already on this disk and judge each against this machine.",
                spanish: """
                    Encuentra los modelos que ya están en este disco y evalúa cada uno frente a esta máquina.
                    """)
        case .scanDiscussion:
            LocalizedMessage(
                english: """
                    Looks in the Hugging Face cache (HF_HUB_CACHE, HF_HOME or ~/.cache/huggingface/hub), \
                    Ollama's store (OLLAMA_MODELS or ~/.ollama/models), LM Studio's folders and llama.cpp's \
                    cache (LLAMA_CACHE), plus any folders given. Reads headers only.

                    Examples:
                      canirun scan
                      canirun scan ~/models /mnt/data/gguf
                      canirun scan --json
                    """,
                spanish: """
                    Busca en la caché de Hugging Face (HF_HUB_CACHE, HF_HOME o ~/.cache/huggingface/hub), el \
                    almacén de Ollama (OLLAMA_MODELS o ~/.ollama/models), las carpetas de LM Studio y la caché \
                    de llama.cpp (LLAMA_CACHE), además de las carpetas indicadas. Solo lee encabezados.

                    Ejemplos:
                      canirun scan
                      canirun scan ~/models /mnt/data/gguf
                      canirun scan --json
                    """)
        case .scanFoldersArgument:
            LocalizedMessage(
                english: "More folders to search (recursively).",
                spanish: "Más carpetas donde buscar (de forma recursiva).")
        case .serveAbstract:
            LocalizedMessage(
                english: "A local web page: this machine, what fits it, each model's memory, and the lesson.",
                spanish: """
                    Una página web local: esta máquina, qué cabe en ella, la memoria de cada modelo y la lección.
                    """)
        case .serveDiscussion:
            LocalizedMessage(
                english: """
                    Serves a page and a JSON API (/api/v1/system, /recommend, /check/MODEL, /estimate, /gpus, \
                    /explain) that mirrors the CLI's --json. Everything comes from the binary: the page works \
                    with no internet, and nothing leaves the machine. Binds to 127.0.0.1 unless --host says \
                    otherwise.

                    Examples:
                      canirun serve
                      canirun serve --port 9000
                      curl 'http://127.0.0.1:8080/api/v1/recommend?gpu=RTX%204090&limit=5'
                    """,
                spanish: """
                    Sirve una página y una API JSON (/api/v1/system, /recommend, /check/MODEL, /estimate, \
                    /gpus, /explain) que refleja el --json de la línea de comandos. Todo sale del binario: la \
                    página funciona sin internet y nada sale de la máquina. Escucha en 127.0.0.1 salvo que \
                    --host diga otra cosa.

                    Ejemplos:
                      canirun serve
                      canirun serve --port 9000
                      curl 'http://127.0.0.1:8080/api/v1/recommend?gpu=RTX%204090&limit=5'
                    """)
        case .hostOption:
            LocalizedMessage(
                english: "Address to listen on (127.0.0.1 keeps it to this machine).",
                spanish: "Dirección en la que escuchar (127.0.0.1 la deja solo para esta máquina).")
        case .portOption:
            LocalizedMessage(
                english: "Port to listen on.",
                spanish: "Puerto en el que escuchar.")
        case .systemAbstract:
            LocalizedMessage(
                english: "Show this machine: CPU, RAM and every GPU, with the memory canirun plans with.",
                spanish: """
                    Muestra esta máquina: CPU, RAM y cada GPU, con la memoria con la que planifica canirun.
                    """)
        case .systemDiscussion:
            LocalizedMessage(
                english: """
                    Examples:
                      canirun system
                      canirun system --json > machine.json     save it, then plan with --hardware machine.json
                      canirun system --gpu "RTX 3090" --gpu "RTX 3090" --ram 64GB
                      canirun system --gpu none                the same machine without its GPUs
                    """,
                spanish: """
                    Ejemplos:
                      canirun system
                      canirun system --json > machine.json     guárdala y planifica con --hardware machine.json
                      canirun system --gpu "RTX 3090" --gpu "RTX 3090" --ram 64GB
                      canirun system --gpu none                la misma máquina sin sus GPU
                    """)
        }
    }
}
