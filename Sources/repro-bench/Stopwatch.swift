/// Wall-clock timing on the monotonic clock.
enum Stopwatch {
    /// Seconds `body` took (monotonic clock), with its result.
    static func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
        let start = ContinuousClock.now
        let value = try body()
        let elapsed = start.duration(to: .now)
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, value)
    }
}
