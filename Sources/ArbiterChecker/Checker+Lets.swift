import ArbiterSyntax

// Lets may read one another in any written order. They are declared first, then a
// dependency graph (which lets each let reads) is sorted depth-first: the post-order is
// a dependency order, and a back edge is a cycle, reported once as `a -> b -> a`. The
// lets are then typed in that order, so every let a let reads is typed before it. The
// depth-first search keeps its own stack, so a chain of 10,000 lets cannot overflow.

extension Checker {
    mutating func declareLets() {
        // Declaration: names that clash are reported and left out of the tables.
        var declared: [LetDecl] = []
        var declaredIndex: [String: Int] = [:]
        var clashing: [LetDecl] = []
        for declaration in items.lets where !declaration.name.name.isEmpty {
            if let first = valueDeclarations[declaration.name.name] {
                let firstWhat = declaredIndex[declaration.name.name] != nil ? nil : first.what
                reportDuplicate("let", declaration.name, first: first.span, firstWhat: firstWhat)
                clashing.append(declaration)
                continue
            }
            valueDeclarations[declaration.name.name] = (declaration.name.span, "a let")
            declaredIndex[declaration.name.name] = declared.count
            declared.append(declaration)
        }

        // Dependencies and order.
        let dependencies = declared.map { letNames(in: $0.value, known: declaredIndex) }
        let (order, cyclic) = dependencyOrder(dependencies, names: declared.map(\.name))
        var slotOfDeclaration = [Int](repeating: 0, count: declared.count)
        for (slot, index) in order.enumerated() {
            slotOfDeclaration[index] = slot
            let declaration = declared[index]
            lets.append(CheckedLet(name: declaration.name.name, slot: slot, type: .error,
                                   value: declaration.value, syntax: declaration))
            letUsed.append(false)
            values[declaration.name.name] = .let(slot)
            references[declaration.name.span] = .let(slot)
        }

        // Types, in dependency order; a let in a cycle stays `error`.
        for slot in lets.indices {
            beginItem()
            let scope = Scope(context: .current)
            let type = self.type(of: lets[slot].value, scope)
            if !cyclic.contains(order[slot]) { lets[slot].type = type }
        }

        // Which lets each let reads; from here on `letUsed` marks reads outside lets, and
        // the warnings follow `letReads` from those.
        letReads = lets.indices.map { slot in dependencies[order[slot]].map { slotOfDeclaration[$0] } }
        letUsed = Array(repeating: false, count: lets.count)

        // Depth through lets, in dependency order: evaluating a let evaluates the lets it
        // reads inside it, so a long chain nests as deeply as one long expression and must
        // fit the same stacks. Reported once, at the first let past the limit.
        var depths = [Int](repeating: 0, count: lets.count)
        for slot in lets.indices where !cyclic.contains(order[slot]) {
            depths[slot] = evaluationDepth(of: lets[slot].value, letDepths: depths)
            guard depths[slot] > Checker.maximumLetDepth else { continue }
            let name = lets[slot].syntax.name
            report(Diagnostic(.nestedTooDeeply, "`\(name.name)` is nested too deeply through the lets it reads", at: name.span,
                              label: "more than \(Checker.maximumLetDepth) levels with its lets",
                              help: "read fewer lets in a chain: compute the value in fewer steps"))
            break
        }
        for declaration in clashing {
            beginItem()
            _ = type(of: declaration.value, Scope(context: .current))
        }
    }

    /// How deep evaluating an expression nests, counting each let it reads at its own
    /// depth (`letDepths`, by slot). An expression is at most `Parser.maximumDepth` deep.
    private func evaluationDepth(of expression: Expr, letDepths: [Int]) -> Int {
        func depth(_ node: Expr) -> Int {
            switch node.kind {
            case .name:
                if case .let(let slot)? = references[node.span], slot < letDepths.count { return 1 + letDepths[slot] }
                return 1
            case .literal, .member, .missing:
                return 1
            case .call(_, let arguments):
                var deepest = 0
                for case .expression(let argument) in arguments { deepest = max(deepest, depth(argument)) }
                return 1 + deepest
            case .unary(_, let operand), .exists(let operand), .parenthesized(let operand):
                return 1 + depth(operand)
            case .binary(_, let left, let right), .comparison(_, let left, let right, _):
                return 1 + max(depth(left), depth(right))
            case .between(let subject, let low, let high):
                return 1 + max(depth(subject), depth(low), depth(high))
            case .within(let subject, let tolerance, _):
                return 1 + max(depth(subject), depth(tolerance))
            case .conditional(let condition, let then, let otherwise):
                return 1 + max(depth(condition), depth(then), depth(otherwise))
            }
        }
        return depth(expression)
    }

    /// The declaration indices of the lets an expression reads, in order of appearance.
    private func letNames(in expression: Expr, known: [String: Int]) -> [Int] {
        var found: [Int] = []
        var stack = [expression]
        while let node = stack.popLast() {
            switch node.kind {
            case .name(let name):
                if let index = known[name] { found.append(index) }
            case .literal, .member, .missing:
                break
            case .call(_, let arguments):
                for case .expression(let argument) in arguments.reversed() { stack.append(argument) }
            case .unary(_, let operand), .exists(let operand), .parenthesized(let operand):
                stack.append(operand)
            case .binary(_, let left, let right), .comparison(_, let left, let right, _):
                stack.append(right)
                stack.append(left)
            case .between(let subject, let low, let high):
                stack += [high, low, subject]
            case .within(let subject, let tolerance, _):
                stack += [tolerance, subject]
            case .conditional(let condition, let then, let otherwise):
                stack += [otherwise, then, condition]
            }
        }
        return found
    }

    /// A dependency order of the lets (each after the lets it reads) and the set of lets
    /// on a cycle; each cycle is reported at the let where the search found it.
    private mutating func dependencyOrder(_ dependencies: [[Int]], names: [Identifier]) -> (order: [Int], cyclic: Set<Int>) {
        enum Mark { case unvisited, inProgress, done }
        var marks = [Mark](repeating: .unvisited, count: dependencies.count)
        var order: [Int] = []
        var cyclic = Set<Int>()
        for start in dependencies.indices where marks[start] == .unvisited {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            marks[start] = .inProgress
            while let top = stack.last {
                let edges = dependencies[top.node]
                guard top.next < edges.count else {
                    stack.removeLast()
                    marks[top.node] = .done
                    order.append(top.node)
                    continue
                }
                stack[stack.count - 1].next += 1
                let target = edges[top.next]
                switch marks[target] {
                case .unvisited:
                    marks[target] = .inProgress
                    stack.append((target, 0))
                case .inProgress:
                    let members = stack.map(\.node).drop { $0 != target }
                    guard !members.allSatisfy(cyclic.contains) else { continue }
                    cyclic.formUnion(members)
                    let path = (members + [target]).map { names[$0].name }.joined(separator: " -> ")
                    let first = names[target]
                    report(Diagnostic(
                        .cyclicLet, "let `\(first.name)` depends on itself: `\(path)`", at: first.span,
                        label: "cycle starts here",
                        help: "a let cannot read its own value, directly or through other lets; break the cycle"))
                case .done:
                    break
                }
            }
        }
        return (order, cyclic)
    }
}
