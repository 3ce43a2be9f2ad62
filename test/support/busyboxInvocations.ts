// The busybox suite's input tree and the applet invocations run on it. Every invocation's output
// depends only on these files, its arguments, its stdin and the fixed environment: nothing on
// the time, pids, or the host's users and configuration.

/** One run of busybox: `busybox ARGS` in the work directory. */
export interface BusyboxStep {
  readonly args: readonly string[];
  readonly stdin?: string;
  /** Keep the step's stdout as this work-directory file, for the next step (no pipes yet). */
  readonly stdoutTo?: string;
}

export interface BusyboxInvocation {
  readonly name: string;
  readonly steps: readonly BusyboxStep[];
}

/** Seconds since the epoch given to every file and directory of the tree. */
export const TREE_TIME = 1_600_000_000;

/** The fixed environment of native and emulated runs alike. */
export const BUSYBOX_ENV: Readonly<Record<string, string>> = { PATH: '/bin', TZ: 'UTC', LC_ALL: 'C', HOME: '/' };

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

/** A few thousand lines that compress well but not trivially. */
function bigText(): string {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(`${i}\t${WORDS[(i * 7) % WORDS.length]} ${WORDS[(i * i) % WORDS.length]} ${(i * 2654435761) % 1000003}`);
  return `${lines.join('\n')}\n`;
}

function allBytes(): string {
  return Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + (i >> 8)) & 0xff)).toString('latin1');
}

/** Work-directory files (latin1 contents). Directories are implied by the paths. */
export const INPUT_FILES: Readonly<Record<string, string>> = {
  'words.txt': 'the quick brown fox\njumps over the lazy dog\nThe End of 42 lines\n\ttabbed line here\nfox again, 7 foxes and 13 dogs\nzebra\n',
  'nums.txt': '10\n2\n33\n2\n-5\n7\n10\n100\n0\n33\n',
  'people.txt': 'alice:30:paris\nbob:25:london\ncarol:35:paris\ndave:25:berlin\neve:41:london\nfrank:25:paris\n',
  'sorted.txt': 'apple\napple\nbanana\ncherry\ncherry\ncherry\ndate\n',
  'left.txt': 'one\ntwo\nthree\nfour\nfive\n',
  'right.txt': 'one\n2\nthree\nfour\nfive\nsix\n',
  'tabs.txt': 'a\tb\tc\n\tindented\nlong column\tx\n',
  'letters.txt': 'x\ny\nz\n',
  'bytes.bin': allBytes(),
  'big.txt': bigText(),
  'calc.bc': 'scale=20\n4*a(1)\nsqrt(2)\n2^100\n17%5\n',
  'tree/a/b/deep.txt': 'deep\n',
  'tree/a/one.txt': '1\n',
  'tree/two.dat': '22\n',
  'tree/three.txt': '333\n',
};

/** Symbolic links of the tree: path -> target. */
export const INPUT_LINKS: Readonly<Record<string, string>> = { 'tree/link.txt': 'three.txt' };

const single = (name: string, args: readonly string[], stdin?: string): BusyboxInvocation => ({ name, steps: [stdin === undefined ? { args } : { args, stdin }] });

export const INVOCATIONS: readonly BusyboxInvocation[] = [
  single('echo', ['echo', '-e', 'hello\\tworld\\n\\x41', 'done']),
  single('printf', ['printf', '%5d|%-6s|%x|%o|%.3f|%e|%g|%c|%*d\\n', '42', 'ab', '255', '8', '3.14159', '12345.678', '0.0001', 'Z', '4', '7']),
  single('cat -n', ['cat', '-n', 'words.txt']),
  single('cat of a missing file', ['cat', 'words.txt', 'no-such-file']),
  single('head', ['head', '-n', '3', 'words.txt', 'nums.txt']),
  single('tail -c', ['tail', '-c', '20', 'words.txt']),
  single('wc', ['wc', 'words.txt', 'big.txt']),
  single('sort', ['sort', 'words.txt']),
  single('sort -rn', ['sort', '-r', '-n', 'nums.txt']),
  single('sort -u', ['sort', '-u', 'sorted.txt']),
  single('sort -k', ['sort', '-t', ':', '-k', '2,2n', '-k', '1,1r', 'people.txt']),
  single('uniq -c', ['uniq', '-c', 'sorted.txt']),
  single('cut', ['cut', '-d', ':', '-f', '1,3', 'people.txt']),
  single('tr from stdin', ['tr', 'a-z', 'A-Z'], 'Hello, World 123\n'),
  single('sed s///g with addresses', ['sed', '-e', '2,3d', '-e', 's/o/0/g;s/the/THE/', '-e', '/f0x/s/$/!/', '-e', '$a\\', '-e', 'the end', 'words.txt']),
  single('sed -n p', ['sed', '-n', '/^[0-9]*$/p;$=', 'nums.txt']),
  single('awk fields and sums', ['awk', '-F:', '{ print $3, toupper($1), NF, NR; s += $2; if ($2 > m) m = $2 } END { print s, s / NR, m }', 'people.txt']),
  single('awk printf and arrays', ['awk', '-F:', '{ printf "%-8s|%6.2f|%05d|%x\\n", $1, $2 / 7, $2 * 3, $2; n[$3]++; a[$3] += $2 } END { for (c in n) print c, n[c], a[c] / n[c] }', 'people.txt']),
  single('awk math and strings', ['awk', 'BEGIN { printf "%.6f %.6f %.6f %d %s\\n", sin(1), exp(2), sqrt(10), int(-3.7), substr("busybox", 2, 3); print length("abc"), index("hello", "l"), 2^10 }']),
  single('grep -c', ['grep', '-c', 'the', 'words.txt']),
  single('grep -v -n', ['grep', '-v', '-n', 'fox', 'words.txt']),
  single('grep -E', ['grep', '-E', '^(the|zebra)|dogs?$', 'words.txt']),
  single('grep -o', ['grep', '-o', '-E', '[0-9]+', 'words.txt']),
  single('od', ['od', '-A', 'x', '-t', 'x1z', 'bytes.bin']),
  single('hexdump -C', ['hexdump', '-C', 'bytes.bin']),
  single('xxd', ['xxd', 'bytes.bin']),
  { name: 'base64 round trip', steps: [{ args: ['base64', 'bytes.bin'], stdoutTo: 'bytes.b64' }, { args: ['base64', '-d', 'bytes.b64'] }] },
  single('md5sum', ['md5sum', 'big.txt', 'bytes.bin']),
  single('sha1sum', ['sha1sum', 'big.txt', 'bytes.bin']),
  single('sha256sum', ['sha256sum', 'big.txt', 'bytes.bin']),
  single('sha512sum', ['sha512sum', 'big.txt', 'bytes.bin']),
  single('crc32', ['crc32', 'big.txt']),
  { name: 'gzip round trip', steps: [{ args: ['gzip', '-c', '-9', 'big.txt'], stdoutTo: 'big.txt.gz' }, { args: ['gunzip', '-c', 'big.txt.gz'] }] },
  { name: 'bzip2 round trip', steps: [{ args: ['bzip2', '-c', 'big.txt'], stdoutTo: 'big.txt.bz2' }, { args: ['bunzip2', '-c', 'big.txt.bz2'] }] },
  single('expr arithmetic', ['expr', '(', '6', '*', '7', ')', '+', '100', '/', '3', '%', '5']),
  single('expr match', ['expr', 'match', 'busybox-1.35', '.*-\\([0-9.]*\\)']),
  single('factor', ['factor', '360', '1234567', '2147483647', '600851475143', '18446744073709551615']),
  single('seq -w -s', ['seq', '-w', '-s', ',', '1', '3', '20']),
  single('seq fractions', ['seq', '1.5', '0.25', '3']),
  single('basename', ['basename', '/usr/lib/libc.so.6', '.6']),
  single('dirname', ['dirname', '/usr/lib/libc.so.6']),
  single('rev', ['rev', 'words.txt']),
  single('fold', ['fold', '-w', '8', 'words.txt']),
  single('expand', ['expand', '-t', '4', 'tabs.txt']),
  single('nl', ['nl', '-b', 'a', 'words.txt']),
  single('tac', ['tac', 'words.txt']),
  single('paste', ['paste', '-d', ',', 'letters.txt', 'left.txt']),
  single('dc', ['dc', '-e', '2 64 ^ p 7 k 22 7 / p 16 o 255 p']),
  single('bc -l', ['bc', '-l', 'calc.bc']),
  single('ls -ln', ['ls', '-ln', 'tree', 'tree/a']),
  single('stat -c', ['stat', '-c', '%n %s %a %A %F %h %u %g', 'words.txt', 'tree', 'tree/link.txt', 'bytes.bin']),
  single('find', ['find', 'tree']),
  single('find -name -type', ['find', 'tree', '-name', '*.txt', '-type', 'f']),
  single('readlink', ['readlink', 'tree/link.txt']),
  single('cmp', ['cmp', 'left.txt', 'right.txt']),
  single('diff -u', ['diff', '-u', 'left.txt', 'right.txt']),
  single('true', ['true']),
  single('false', ['false']),
  single('test -d of a missing directory', ['test', '-d', 'nothing-here']),
  single('[ expressions ]', ['[', '3', '-lt', '5', '-a', 'abc', '!=', 'abd', '-a', '-f', 'words.txt', ']']),
  single('ipcalc', ['ipcalc', '-bnm', '192.168.10.77/20']),
  single('sh read from files and a here-document', [
    'sh',
    '-c',
    'echo first > sh.txt; echo "second line" >> sh.txt; while read -r a b; do echo "<$a|$b>"; done < sh.txt; read x y <<E\none two three\nE\necho "[$x][$y]"',
  ]),
  single('sh read from stdin', ['sh', '-c', 'while IFS=: read -r name age city; do echo "$city/$name/$((age * 2))"; done'], 'alice:30:paris\nbob:25:london\n'),
  single('sh pipeline of applets', ['sh', '-c', 'tr -s " " "\\n" < words.txt | tr A-Z a-z | sort | uniq -c | sort -k1,1nr -k2 | head -5']),
  single('sh pipelines: awk, sed, cut, wc and their statuses', [
    'sh',
    '-c',
    'cut -d: -f3 people.txt | sort | uniq -c | awk \'{print $2 "=" $1}\' | sed s/=/:/; cat big.txt | grep -c lima | xargs expr 3 \\*; false | true; echo "status $?"; set -o pipefail; true | false | true; echo "pipefail $?"',
  ]),
  single('sh command substitution, subshells and background jobs', [
    'sh',
    '-c',
    'n=$(seq 1 50 | wc -l); echo "n=$n"; (cd tree && ls); for f in left right; do wc -l < $f.txt > bg-$f.count & done; wait; cat bg-left.count bg-right.count; (exit 7); echo "sub $?"; sh -c "exit 9"; echo "nested $?"',
  ]),
  {
    name: 'files created, linked, moved and removed',
    steps: [
      { args: ['mkdir', '-p', 'scratch/x/y'] },
      { args: ['cp', '-p', 'words.txt', 'scratch/x/'] },
      { args: ['ln', '-s', '../words.txt', 'scratch/l'] },
      { args: ['ln', 'scratch/x/words.txt', 'scratch/hard'] },
      { args: ['mv', 'scratch/x/words.txt', 'scratch/x/y/w.txt'] },
      { args: ['chmod', '600', 'scratch/x/y/w.txt'] },
      { args: ['touch', '-d', '2001-02-03 04:05:06', 'scratch/hard'] },
      { args: ['ls', '-ln', 'scratch/x/y', 'scratch/hard'] },
      { args: ['stat', '-c', '%n %a %s %h %F %N', 'scratch/x/y/w.txt', 'scratch/hard', 'scratch/l'] },
      { args: ['sed', '-i', 's/fox/cat/', 'scratch/x/y/w.txt'] },
      { args: ['grep', '-c', 'cat', 'scratch/x/y/w.txt', 'scratch/hard', 'scratch/l'] },
      { args: ['rm', '-r', 'scratch/x', 'scratch/l', 'scratch/hard', 'scratch/missing'] },
      { args: ['rmdir', 'scratch'] },
      { args: ['ls', 'scratch'] },
    ],
  },
  {
    name: 'dd and truncate',
    steps: [
      { args: ['dd', 'if=bytes.bin', 'of=dd.bin', 'bs=16', 'count=2', 'skip=1', 'seek=3', 'status=noxfer'] },
      { args: ['truncate', '-s', '90', 'dd.bin'] },
      { args: ['od', '-A', 'd', '-t', 'x1', 'dd.bin'] },
    ],
  },
];
