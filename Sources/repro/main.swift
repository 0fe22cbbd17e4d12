print("repro")
