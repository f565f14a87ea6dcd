/// A Hugging Face checkpoint folder: config.json plus one or more .safetensors files.
public enum SafetensorsFolder {
    public static func loadSpec(folder: String, limits: ParsingLimits = .standard) throws -> ModelSpec {
        throw ByteSourceError.cannotOpen(path: folder, reason: "safetensors folders are not supported yet")
    }
}
