"""Similarity is MOSS-like: a copy with renamed identifiers and reordered functions still scores high, two
independent correct solutions of the same problem score low, and the starter code both share counts for nothing."""
from app.integrity.similarity import similarity, tokens

ISLANDS_STARTER = '''class Solution:
    def numIslands(self, grid: List[List[str]]) -> int:
        
'''

ISLANDS_DFS = '''class Solution:
    def numIslands(self, grid: List[List[str]]) -> int:
        rows, cols = len(grid), len(grid[0])
        seen = set()

        def sink(r, c):
            stack = [(r, c)]
            while stack:
                y, x = stack.pop()
                if y < 0 or x < 0 or y >= rows or x >= cols or (y, x) in seen or grid[y][x] != "1":
                    continue
                seen.add((y, x))
                stack.extend([(y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)])

        def count():
            total = 0
            for r in range(rows):
                for c in range(cols):
                    if grid[r][c] == "1" and (r, c) not in seen:
                        sink(r, c)
                        total += 1
            return total

        return count()
'''

# The same program: every identifier renamed, the two helpers swapped, a comment and blank lines added.
ISLANDS_DFS_DISGUISED = '''class Solution:
    def numIslands(self, grid: List[List[str]]) -> int:
        # my own solution!
        height, width = len(grid), len(grid[0])
        visited = set()

        def tally():
            n = 0
            for i in range(height):
                for j in range(width):
                    if grid[i][j] == "1" and (i, j) not in visited:
                        flood(i, j)
                        n += 1
            return n

        def flood(a, b):
            todo = [(a, b)]
            while todo:
                p, q = todo.pop()
                if p < 0 or q < 0 or p >= height or q >= width or (p, q) in visited or grid[p][q] != "1":
                    continue
                visited.add((p, q))

                todo.extend([(p + 1, q), (p - 1, q), (p, q + 1), (p, q - 1)])

        return tally()
'''

# An independent correct solution: union-find.
ISLANDS_UNION_FIND = '''class Solution:
    def numIslands(self, grid: List[List[str]]) -> int:
        parent = {}

        def find(a):
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                if v == "1":
                    parent[i, j] = (i, j)
        for (i, j) in list(parent):
            for nb in ((i + 1, j), (i, j + 1)):
                if nb in parent:
                    ra, rb = find((i, j)), find(nb)
                    if ra != rb:
                        parent[ra] = rb
        return len({find(p) for p in parent})
'''

TWO_SUM_MAP = '''var twoSum = function(nums, target) {
    const seen = new Map();
    for (let i = 0; i < nums.length; i++) {
        const need = target - nums[i];
        if (seen.has(need)) return [seen.get(need), i];
        seen.set(nums[i], i);
    }
    return [];
};
'''
TWO_SUM_MAP_RENAMED = '''var twoSum = function(arr, goal) {
    const index = new Map();
    for (let k = 0; k < arr.length; k++) {
        const other = goal - arr[k];
        if (index.has(other)) return [index.get(other), k];
        index.set(arr[k], k);
    }
    return [];
};
'''
TWO_SUM_SORTED = '''var twoSum = function(nums, target) {
    const order = nums.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
    let lo = 0, hi = order.length - 1;
    while (lo < hi) {
        const sum = order[lo][0] + order[hi][0];
        if (sum === target) return [order[lo][1], order[hi][1]];
        if (sum < target) lo++; else hi--;
    }
    return [];
};
'''


def test_renamed_and_reordered_copy_scores_at_least_80_percent():
    score = similarity(ISLANDS_DFS, ISLANDS_DFS_DISGUISED, "python", base=ISLANDS_STARTER)
    assert score is not None and score >= 0.8, score
    assert similarity(TWO_SUM_MAP, TWO_SUM_MAP_RENAMED, "javascript") >= 0.8


def test_independent_correct_solutions_score_under_50_percent():
    score = similarity(ISLANDS_DFS, ISLANDS_UNION_FIND, "python", base=ISLANDS_STARTER)
    assert score is not None and score < 0.5, score
    assert similarity(TWO_SUM_MAP, TWO_SUM_SORTED, "javascript") < 0.5


def test_the_shared_starter_alone_has_no_score():
    assert similarity(ISLANDS_STARTER, ISLANDS_DFS, "python", base=ISLANDS_STARTER) is None


def test_identifiers_and_literals_are_normalised_but_keywords_kept():
    assert tokens("total = total + 42  # add", "python") == ["N", "=", "N", "+", "0"]
    assert tokens('if x: print("hi")', "python") == ["if", "N", ":", "print", "(", "S", ")"]
