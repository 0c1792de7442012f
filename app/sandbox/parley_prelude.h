// The C++ judge's prelude: the standard headers LeetCode-style solutions use, precompiled by
// setup_toolchains.sh into pch/parley_prelude.h.gch (the same flags as the sandbox's g++). It leaves out the
// headers whose many operator templates make every overload resolution slow (complex, valarray, regex, random,
// chrono, optional, threads, filesystem): a submission that names anything only <bits/stdc++.h> declares gets
// <bits/stdc++.h> instead (app/judge/harness/cpp.py).
#include <cassert>
#include <cctype>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <array>
#include <bitset>
#include <deque>
#include <functional>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <numeric>
#include <queue>
#include <set>
#include <sstream>
#include <stack>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>
