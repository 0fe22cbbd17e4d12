import Testing
import ResultStore

@Suite("CSV")
struct CSVTests {
    @Test("fields are quoted only when they must be, with quotes doubled")
    func quoting() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("") == "")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSV.field("cr\rlf") == "\"cr\rlf\"")
        #expect(CSV.field("crlf\r\n") == "\"crlf\r\n\"")
        #expect(CSV.field(" spaced ") == " spaced ")
        #expect(CSV.row(["a", "b,c", ""]) == "a,\"b,c\",\n")
        #expect(CSV.row([]) == "\n")
    }

    @Test("parse inverts row for awkward fields", arguments: [
        ["a", "b", "c"],
        ["", ""],
        [""],
        ["comma, inside", "\"quoted\"", "\"", "\"\""],
        ["multi\nline", "crlf\r\nline", "cr\ronly", "\n"],
        ["unicode: αβγ ∑ 数学 🙂", "é", "👩‍👩‍👧"],
        ["trailing comma,", ",leading", ","],
    ])
    func roundTrip(fields: [String]) {
        #expect(CSV.parse(CSV.row(fields)) == [fields])
    }

    @Test("parse reads several rows, CRLF endings and a last line without ending")
    func parseRows() {
        let rows: [[String]] = [["spec", "run", "value"], ["s", "ab\ncd", "1e-10"], ["", "x", ""]]
        #expect(CSV.parse(rows.map(CSV.row).joined()) == rows)
        #expect(CSV.parse("a,b\r\nc,d\r\n") == [["a", "b"], ["c", "d"]])
        #expect(CSV.parse("a,b\nc,d") == [["a", "b"], ["c", "d"]])
        #expect(CSV.parse("") == [])
        #expect(CSV.parse("\n\n") == [[""], [""]])
        #expect(CSV.parse("\"unterminated,x") == [["unterminated,x"]])
    }

    @Test("numbers are shortest round-trip text, and inf, -inf, nan")
    func numbers() {
        #expect(CSV.number(0.1) == "0.1")
        #expect(CSV.number(1e-10) == "1e-10")
        #expect(CSV.number(1.0) == "1.0")
        #expect(CSV.number(-2.5) == "-2.5")
        #expect(CSV.number(.infinity) == "inf")
        #expect(CSV.number(-.infinity) == "-inf")
        #expect(CSV.number(.nan) == "nan")
        #expect(CSV.number(-.nan) == "nan")
        for x in [0.1 + 0.2, 1.0 / 3.0, 6.02214076e23, Double.leastNonzeroMagnitude, -0.0, 123_456_789.123] {
            #expect(Double(CSV.number(x))?.bitPattern == x.bitPattern, "\(x)")
        }
    }
}
