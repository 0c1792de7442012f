"""The built-in call: WebRTC between the room's two members, signalled through the app backend."""
