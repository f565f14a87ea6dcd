import CanIRunCore

print("canirun-bench: see bench/README.md")
