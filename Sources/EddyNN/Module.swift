// EddyNN: module placeholder; real code lands with its issue.
