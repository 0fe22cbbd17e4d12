import Foundation

/// How Swift values that SQLite has no exact type for are written to columns, and read back.
enum ValueEncoding {
    // MARK: Doubles that may be NaN

    /// The column value of a measured Double: nil (NULL) for NaN, which SQLite cannot store.
    static func column(_ x: Double) -> Double? {
        x.isNaN ? nil : x
    }

    /// The Double of a measured-value column: NULL reads as NaN.
    static func double(_ stored: Double?) -> Double {
        stored ?? .nan
    }

    // MARK: Seeds

    /// A UInt64 seed as decimal text, exactly as Swift prints it.
    static func text(_ seed: UInt64) -> String {
        String(seed)
    }

    /// The UInt64 seed of a decimal text column.
    static func seed(_ text: String, column: String, runKey: String) throws(CorruptValue) -> UInt64 {
        guard let seed = UInt64(text) else {
            throw CorruptValue(message: "run \(runKey): \(column) '\(text)' is not a 64-bit unsigned integer")
        }
        return seed
    }

    // MARK: Timestamps

    /// Milliseconds per day.
    private static let msPerDay: Int64 = 86_400_000
    /// Dates are clamped to years 0001…9999 so that their text always has the same shape.
    private static let minMilliseconds: Int64 = -62_135_596_800_000
    private static let maxMilliseconds: Int64 = 253_402_300_799_999

    /// A date as ISO 8601 UTC text with milliseconds, `2025-11-22T14:57:03.123Z`, rounded to the
    /// nearest millisecond. SQLite's date functions read this form; it sorts chronologically.
    static func text(_ date: Date) -> String {
        let scaled = (date.timeIntervalSince1970 * 1000).rounded()
        let ms: Int64
        if scaled.isNaN {
            ms = 0
        } else {
            ms = Int64(max(Double(minMilliseconds), min(Double(maxMilliseconds), scaled)))
        }
        let days = floorDiv(ms, msPerDay)
        let msOfDay = ms - days * msPerDay
        let (year, month, day) = civil(fromDays: days)
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let milli = msOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
            + ".\(pad(milli, 3))Z"
    }

    /// The date of a timestamp column written by `text(_: Date)`.
    static func date(_ text: String, column: String) throws(CorruptValue) -> Date {
        let digits = Array(text.utf8)
        let shape = Array("dddd-dd-ddTdd:dd:dd.dddZ".utf8)
        let bad = CorruptValue(message: "\(column) '\(text)' is not a timestamp of the form 2025-11-22T14:57:03.123Z")
        guard digits.count == shape.count else { throw bad }
        for (c, s) in zip(digits, shape) {
            let ok = s == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) : c == s
            guard ok else { throw bad }
        }
        func number(_ start: Int, _ count: Int) -> Int64 {
            digits[start..<start + count].reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
        }
        let (year, month, day) = (number(0, 4), number(5, 2), number(8, 2))
        let (hour, minute, second, milli) = (number(11, 2), number(14, 2), number(17, 2), number(20, 3))
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else {
            throw bad
        }
        let ms = days(fromCivil: year, month, day) * msPerDay
            + ((hour * 60 + minute) * 60 + second) * 1000 + milli
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian calendar;
    /// H. Hinnant's `civil_from_days`).
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (`days_from_civil`).
    private static func days(fromCivil year0: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let year = month <= 2 ? year0 - 1 : year0
        let era = floorDiv(year, 400)
        let yoe = year - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
