// Row 1's floor: the least an ES-module CLI does to answer --version (load one module, print a line).
process.stdout.write('0.0.0\n', () => process.exit(0));
