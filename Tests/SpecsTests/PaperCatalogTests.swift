import Testing
@testable import Specs

@Suite("Paper citations")
struct PaperCatalogTests {
    @Test func citationTextFromTheFields() throws {
        let papers = try PaperCatalog.parse("""
            a:
              authors: X. Y, Z. W
              title: "A: title"
              venue: ICLR 2024
              year: 2023
              arxiv: "2310.01769"
            b:
              authors: Q
              year: 2022

            """, path: "papers.yaml")
        #expect(papers["a"]?.text == "X. Y, Z. W. “A: title”. ICLR 2024. arXiv:2310.01769")
        #expect(papers["b"]?.text == "Q. 2022")
    }

    @Test func aFieldThatIsNotTextIsAPositionedError() {
        #expect(throws: SpecError(file: "papers.yaml", line: 2, column: 12, keyPath: "a.authors",
                                  message: "expected a string, got a list")) {
            try PaperCatalog.parse("a:\n  authors: [x, y]\n", path: "papers.yaml")
        }
    }
}
