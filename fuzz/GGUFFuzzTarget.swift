// libFuzzer entry point for the GGUF and safetensors readers. Built by fuzz/run.sh with
// `swiftc -sanitize=fuzzer,address`; not part of the package build.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    // Claim a much larger file so the reader treats the input as a header-only prefix, as it would a big model.
    let source = InMemoryByteSource(bytes, name: "fuzz.gguf", declaredSize: UInt64(count) * 64 + 1_048_576)
    if let file = try? GGUFReader().read(source) {
        let spec = ModelSpec(gguf: file)
        _ = try? MemoryEstimator().estimate(
            model: spec, settings: RunSettings(contextLength: 4096), target: .cpuOnlyAVX2)
    }
    return 0
}
