/// Keeps a short-lived access token fresh: a Dart API over the tokenrenew binding.
///
/// Methods go through the MethodChannel `dev.tokenrenew/methods`; events come through the
/// EventChannel `dev.tokenrenew/events`, already on the platform's main thread.
library tokenrenew;

import 'dart:async';

import 'package:flutter/services.dart';

/// Error codes, the same numbers as the Go package's ErrorCode constants.
abstract final class TokenErrorCode {
  static const none = 0;
  static const internal = 1;
  static const config = 2;
  static const insecureUrl = 3;
  static const unauthorized = 4;
  static const forbidden = 5;
  static const originNotAllowed = 6;
  static const httpStatus = 7;
  static const network = 8;
  static const timeout = 9;
  static const expired = 16;
  static const stopped = 18;
}

/// What happened to the token.
sealed class TokenEvent {
  const TokenEvent();

  factory TokenEvent._fromMap(Map<Object?, Object?> m) => switch (m['type']) {
        'renewToken' => RenewToken(m['token'] as String,
            DateTime.fromMillisecondsSinceEpoch(m['expiresAtMs'] as int)),
        'tokenWillExpire' => TokenWillExpire(Duration(milliseconds: m['msLeft'] as int)),
        'tokenExpired' => const TokenExpired(),
        _ => TokenError(m['code'] as int, m['message'] as String, m['permanent'] as bool),
      };
}

/// A new token: hand it to the SDK (Agora's renewToken).
final class RenewToken extends TokenEvent {
  const RenewToken(this.token, this.expiresAt);
  final String token;
  final DateTime expiresAt;
  @override
  String toString() => 'RenewToken(redacted, expires $expiresAt)';
}

/// The token expires in [left] and no fresher one has arrived yet.
final class TokenWillExpire extends TokenEvent {
  const TokenWillExpire(this.left);
  final Duration left;
}

/// The token expired with no replacement; renewal goes on trying.
final class TokenExpired extends TokenEvent {
  const TokenExpired();
}

/// A failed fetch. When [permanent], renewal waits for [TokenRenewer.refresh] or
/// [TokenRenewer.resume] (after the user signs in again).
final class TokenError extends TokenEvent {
  const TokenError(this.code, this.message, this.permanent);
  final int code;
  final String message;
  final bool permanent;
}

/// Keeps one token fresh. Only one renewer runs at a time in this example plugin.
class TokenRenewer {
  static const _methods = MethodChannel('dev.tokenrenew/methods');
  static const _events = EventChannel('dev.tokenrenew/events');

  /// Every event, on the main isolate. Listen before [start] to see the first token.
  static final Stream<TokenEvent> events = _events
      .receiveBroadcastStream()
      .map((e) => TokenEvent._fromMap(e as Map<Object?, Object?>));

  /// Starts renewal. [profile] is "agora", "dolby", "roomservice", "json", "text" or "" (detect).
  static Future<void> start({
    required String url,
    String profile = '',
    String? channel,
    String? uid,
    String? room,
    Map<String, String> headers = const {},
  }) =>
      _methods.invokeMethod('start', {
        'url': url,
        'profile': profile,
        'channel': channel,
        'uid': uid,
        'room': room,
        'headers': headers,
      });

  /// The current token, waiting up to [timeout] for the first one. Throws a
  /// [PlatformException] whose code is the error code as a string.
  static Future<String> token({Duration timeout = const Duration(seconds: 10)}) async =>
      (await _methods.invokeMethod<String>('token', {'timeoutMs': timeout.inMilliseconds}))!;

  /// Fetches a new token now; also ends the wait after a permanent failure.
  static Future<String> refresh({Duration timeout = const Duration(seconds: 10)}) async =>
      (await _methods.invokeMethod<String>('refresh', {'timeoutMs': timeout.inMilliseconds}))!;

  /// The service rejected the token: drop it and fetch a new one.
  static Future<void> invalidate() => _methods.invokeMethod('invalidate');

  /// The app is back in the foreground or online: call from
  /// `didChangeAppLifecycleState(AppLifecycleState.resumed)`.
  static Future<void> resume() => _methods.invokeMethod('resume');

  /// Stops renewal.
  static Future<void> stop() => _methods.invokeMethod('stop');
}
