# Accessing a missing field names the type and field.
struct Foo
    x
end
Foo(1).z
# expect-error: has no field
