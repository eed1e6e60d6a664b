"""Which generation of the gateway a jar is, for the mixed-version scripts' expectations of the old
replicas: read from the jar's classes (a class or a string constant each change brought), or named
with --old-generation. Two generations are known:

  209a83e: before owner namespacing (9448be2), the duplicate's id named to its owner only (cdf7223),
           the reader role needed to create a subscription (cba3b08) and v1 deployment managers
           listing supportedLocations (b532562); builds up to 209a83e.
  2bea866: all four in; builds from cba3b08 on: 2bea866 and the later ones (98cd970, the release
           before canonical notification ids, is read as this generation; its replicas answer every
           check as this release does, docs/operations.md "Upgrade").

A jar with some of the four and not all (a build between 9448be2 and cba3b08) is refused: the
scripts hold no expectations for it."""
import zipfile

# change -> (what in the jar shows it, a class entry or a string constant in one of the classes)
MARKERS = {
    '9448be2 owner namespacing': ('class', 'io/netweave/o2ims/server/spi/OwnerKeys.class'),
    'cdf7223 duplicate named to its owner only': ('string', b'owned by another client'),
    'cba3b08 reader needed to create': ('string', b'which only the reader role may read'),
    'b532562 v1 supportedLocations': ('string', b'withSupportedLocations'),
}
GENERATIONS = ('209a83e', '2bea866')


def _classes(jar):
    """(name, bytes) of every class in the jar and in the jars it nests."""
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            if name.endswith('.class'):
                yield name, z.read(name)
            elif name.endswith('.jar'):
                import io
                with zipfile.ZipFile(io.BytesIO(z.read(name))) as inner:
                    for n in inner.namelist():
                        if n.endswith('.class'):
                            yield n, inner.read(n)


def changes(jar):
    """The names of MARKERS found in the jar."""
    found = set()
    for name, data in _classes(jar):
        if not name.startswith('io/netweave/'):
            continue
        for change, (kind, what) in MARKERS.items():
            if (kind == 'class' and name == what) or (kind == 'string' and what in data):
                found.add(change)
    return found


def generation(jar, named=None):
    if named:
        if named not in GENERATIONS:
            raise SystemExit(f'--old-generation: one of {", ".join(GENERATIONS)}, not {named}')
        return named
    found = changes(jar)
    if not found:
        return '209a83e'
    if found == set(MARKERS):
        return '2bea866'
    raise SystemExit(f'{jar}: a build between the known generations (has {sorted(found)}, '
                     f'lacks {sorted(set(MARKERS) - found)}); the scripts hold no expectations for it')
