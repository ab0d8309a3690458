#!/usr/bin/env python3
"""Writes src/random/trigData.ts from this machine's libm (glibc 2.36, x86-64 FMA build) via gdb.

Reads __sincostab, toverp and every constant that __sin_fma, __cos_fma and __branred load, and
checks the named constants below are among them, so a different libm fails loudly instead of producing a wrong table.
Needs gcc and gdb.
"""
import os, re, struct, subprocess, tempfile

OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'random', 'trigData.ts')

# Bit patterns of the constants in s_sin.c / usncs.h, as the disassembly uses them.
NAMED = {
    'BIG': 0x42c8000000000000,      # 1.5·2**45: big + |x| leaves round(|x|·128) in the low word
    'TOINT': 0x4338000000000000,    # 1.5·2**52
    'HPINV': 0x3fe45f306dc9c883,    # 2/π
    'MP1': 0x3ff921fb58000000,      # π/2 split in three for the reduction
    'MP2': 0xbe4dde973c000000,
    'PP3': 0xbc8cb3b398000000,
    'PP4': 0xbacd747f23e32ed7,
    'HP0': 0x3ff921fb54442d18,      # π/2 = HP0 + HP1
    'HP1': 0x3c91a62633145c07,
    'SN3': 0xbfc5555555555515,      # sin(x) ≈ x + x³(SN3 + x²·SN5) for the table's small remainder
    'SN5': 0x3f811110e829872f,
    'CS2': 0x3fe0000000000000,      # 1 - cos(x) ≈ x²(CS2 + x²(CS4 + x²·CS6))
    'CS4': 0xbfa5555555555535,
    'CS6': 0x3f56c16bedd9e239,
    'S1': 0xbfc5555555555555,       # Taylor series for |x| < 0.126
    'S2': 0x3f81111111110ece,
    'S3': 0xbf2a01a019db08b8,
    'S4': 0x3ec71de27b9a7ed9,
    'S5': 0xbe5addffc2fcdf59,
    'SMALL': 0x3fc020c49ba5e354,    # 0.126
    'SPLIT': 0x41a0000002000000,    # __branred: 2**27 + 1
    'BIG1': 0x4358000000000000,     # 1.5·2**54
    'MP2_BR': 0xbe4dde9740000000,   # __branred's own, shorter, second part of π/2
}

def gdb_output(d):
    src, exe = os.path.join(d, 't.c'), os.path.join(d, 't')
    with open(src, 'w') as f:
        f.write('#include <math.h>\nint main(int c, char **v) { return (int)(sin(c) + cos(c)); }\n')
    subprocess.run(['gcc', src, '-o', exe, '-lm'], check=True)
    cmds = ['break main', 'run', 'disassemble __sin_fma', 'disassemble __cos_fma', 'disassemble __branred',
            'x/440gx &__sincostab', 'x/75gx &toverp']
    args = ['gdb', '-batch', '-nx'] + [a for c in cmds for a in ('-ex', c)] + [exe]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout, exe, cmds

def read_words(text):
    """Words printed by x/gx, in order."""
    words = []
    for line in text.splitlines():
        m = re.match(r'\s*0x[0-9a-f]+(?: <[^>]*>)?:\s+(.*)', line)
        if m:
            words += [int(w, 16) for w in m.group(1).split()]
    return words

def main():
    with tempfile.TemporaryDirectory() as d:
        write(*gdb_output(d))

def write(out, exe, cmds):
    disasm, tab_text = out.rsplit('End of assembler dump.', 1)
    words = read_words(tab_text)
    assert len(words) == 515, len(words)
    tab, toverp = words[:440], words[440:]
    addrs = sorted(set(re.findall(r'# (0x[0-9a-f]+)', disasm)))
    more = [a for c in (f'x/gx {x}' for x in addrs) for a in ('-ex', c)]
    args = ['gdb', '-batch', '-nx'] + [a for c in cmds[:2] for a in ('-ex', c)] + more + [exe]
    loaded = set(read_words(subprocess.run(args, check=True, capture_output=True, text=True).stdout))
    missing = [k for k, v in NAMED.items() if v not in loaded]
    assert not missing, f'not loaded by __sin_fma/__cos_fma/__branred: {missing}'

    f64 = lambda w: repr(struct.unpack('<d', struct.pack('<Q', w))[0])
    lines = ["// glibc's __sincostab and the s_sin.c constants (IBM Accurate Mathematical Library, LGPL-2.1+),",
             '// dumped from libm by tools/dump_trig_data.py.']
    lines += [f'export const {k} = {f64(v)};' for k, v in NAMED.items()]
    lines += ['', '/** 110 rows (sin x, its low part, cos x, its low part) for x = i/128. */',
              'export const SINCOSTAB = new Float64Array([']
    for i in range(0, 440, 4):
        lines.append('  ' + ', '.join(f64(w) for w in tab[i:i + 4]) + ',')
    lines.append(']);')
    lines += ['', '/** 2/π in 24-bit pieces, for __branred. */', 'export const TOVERP = new Float64Array([']
    for i in range(0, 75, 5):
        lines.append('  ' + ', '.join(f64(w) for w in toverp[i:i + 5]) + ',')
    lines.append(']);')
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('wrote', OUT)

if __name__ == '__main__':
    main()
