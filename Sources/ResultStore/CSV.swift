/// RFC 4180 CSV, as `repro export` writes it: fields containing a comma, a quote, CR or LF
/// are quoted with quotes doubled; every line ends with "\n".
public enum CSV {
    /// One field, quoted when it contains a comma, a quote, CR or LF.
    public static func field(_ s: String) -> String {
        let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return s }
        var quoted = "\""
        for scalar in s.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }

    /// One line: the fields, each passed through `field`, joined by commas, then "\n".
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// Parses CSV text into rows of fields: the inverse of `row` for any fields (commas,
    /// doubled quotes, embedded CR/LF, empty strings, any Unicode). Lines may end in "\n" or
    /// "\r\n"; a last line without a line ending is a row too; empty text has no rows.
    /// Lenient with malformed input: a quote inside an unquoted field is kept as text, and an
    /// unterminated quoted field runs to the end of the text.
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var fields: [String] = []
        var current = String.UnicodeScalarView()
        var inQuotes = false
        var fieldWasQuoted = false
        var rowHasContent = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()

        func endField() {
            fields.append(String(current))
            current = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        func endRow() {
            endField()
            rows.append(fields)
            fields = []
            rowHasContent = false
        }

        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        current.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where current.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                rowHasContent = true
            case ",":
                endField()
                rowHasContent = true
            case "\r" where pending == "\n":
                pending = scalars.next()
                endRow()
            case "\n":
                endRow()
            default:
                current.append(scalar)
                rowHasContent = true
            }
        }
        if rowHasContent || !current.isEmpty || !fields.isEmpty {
            endRow()
        }
        return rows
    }

    /// A Double for CSV: the shortest text that reads back as the same Double (`0.1`,
    /// `1e-10`, `1.0`, `-0.0`), and `inf`, `-inf`, `nan` for the non-finite values.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return x.description
    }
}
