import CanIRunCLI

@main
enum CanIRunMain {
    static func main() async {
        await CanIRun.main()
    }
}
