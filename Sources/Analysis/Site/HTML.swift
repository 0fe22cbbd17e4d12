/// Pieces of HTML text: escaping and tables.
enum HTML {
    /// `text` safe inside an element or a double-quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A `<table>`: a header row of `header` and one row per element of `rows`, each cell
    /// escaped. `rowAttributes` gives a row's attributes (already escaped), `cellClasses` the
    /// class of each column's cells ("" for none).
    static func table(header: [String], rows: [[String]], rowAttributes: (Int) -> String = { _ in "" },
                      cellClasses: [String] = [], tableClass: String) -> String {
        var out = "<table class=\"\(tableClass)\">\n<thead><tr>"
            + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (i, row) in rows.enumerated() {
            let attributes = rowAttributes(i)
            out += "<tr\(attributes.isEmpty ? "" : " " + attributes)>"
            for (j, cell) in row.enumerated() {
                let cls = j < cellClasses.count && !cellClasses[j].isEmpty ? " class=\"\(cellClasses[j])\"" : ""
                out += "<td\(cls)>\(escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
