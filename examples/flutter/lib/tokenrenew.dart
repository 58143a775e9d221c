/// Keeps a short-lived access token fresh: a Dart API over the tokenrenew binding.
///
/// Methods go through the MethodChannel `dev.tokenrenew/methods`; events come through the
/// EventChannel `dev.tokenrenew/events`, already on the platform's main thread. One renewer
/// runs at a time: [TokenRenewer.start] stops the previous one.
library tokenrenew;

import 'dart:async';
import 'dart:convert';
import 'dart:typed_data';

import 'package:flutter/services.dart';

/// Error codes, the same numbers as the Go package's ErrorCode constants.
enum TokenErrorCode {
  none(0),
  internal(1),
  config(2),
  insecureUrl(3),
  unauthorized(4),
  forbidden(5),
  originNotAllowed(6),
  httpStatus(7),
  network(8),
  timeout(9),
  noToken(10),
  invalidToken(11),
  malformedResponse(12),
  responseTooLarge(13),
  alreadyExpired(14),
  noProgress(15),
  expired(16),
  notStarted(17),
  stopped(18),
  store(19),
  redirect(20),
  shortLifetime(21),
  reentrant(22),
  wrongIdentity(23),
  alreadyStarted(24),
  canceled(25);

  const TokenErrorCode(this.value);

  /// The number the native side sends.
  final int value;

  /// The code for [value]; [internal] for a number this file does not know.
  static TokenErrorCode of(int value) =>
      values.firstWhere((c) => c.value == value, orElse: () => internal);
}

/// A failure, with its [code], a [message] without secrets, and whether it is [permanent]:
/// then renewal waits for [TokenRenewer.refresh] or [TokenRenewer.resume].
class TokenRenewException implements Exception {
  const TokenRenewException(this.code, this.message, {this.permanent = false});

  final TokenErrorCode code;
  final String message;
  final bool permanent;

  static TokenRenewException _fromPlatform(PlatformException e) {
    final details = e.details;
    final permanent = details is Map && details['permanent'] == true;
    return TokenRenewException(TokenErrorCode.of(int.tryParse(e.code) ?? 1), e.message ?? '',
        permanent: permanent);
  }

  @override
  String toString() => 'TokenRenewException(${code.name}${permanent ? ', permanent' : ''}): $message';
}

/// A token and everything known of it. [value] and [secrets] are secrets: [toString] leaves
/// them out.
class Token {
  /// A token the app already holds, for [TokenRenewer.start]'s `seed`: give its issue time
  /// when known, so that renewal is planned from the real lifetime.
  Token(this.value, {required this.expiresAt, this.issuedAt, this.extra = const {}})
      : expirySource = '',
        secrets = const {};

  Token._(this.value, this.expiresAt, this.issuedAt, this.expirySource, this.extra, this.secrets);

  factory Token._fromMap(Map<Object?, Object?> m) {
    DateTime? at(Object? ms) => ms is int && ms != 0 ? DateTime.fromMillisecondsSinceEpoch(ms) : null;
    Map<String, Object?> json(Object? s) =>
        s is String && s.isNotEmpty ? (jsonDecode(s) as Map).cast<String, Object?>() : const {};
    return Token._(m['value'] as String, at(m['expiresAtMs'])!, at(m['issuedAtMs']),
        m['expirySource'] as String? ?? '', json(m['extraJson']), json(m['secretsJson']));
  }

  /// The token itself.
  final String value;

  /// When it expires.
  final DateTime expiresAt;

  /// When it was issued (or received), if known.
  final DateTime? issuedAt;

  /// Where the expiry came from: "response", "token", "profile" or "fallback".
  final String expirySource;

  /// The other fields the profile returned (Room Service's user and resources).
  final Map<String, Object?> extra;

  /// The secret fields the profile returned (the RTM token of an Agora "rte" answer).
  final Map<String, Object?> secrets;

  Map<String, Object?> _toMap() => {
        'value': value,
        'expiresAtMs': expiresAt.millisecondsSinceEpoch,
        'issuedAtMs': issuedAt?.millisecondsSinceEpoch ?? 0,
        'extraJson': extra.isEmpty ? '' : jsonEncode(extra),
      };

  @override
  String toString() => 'Token(redacted, expires $expiresAt)';
}

/// What happened to the token.
sealed class TokenEvent {
  const TokenEvent();

  factory TokenEvent._fromMap(Map<Object?, Object?> m) {
    Token token() => Token._fromMap(m['token'] as Map<Object?, Object?>);
    return switch (m['type']) {
      'renewToken' => TokenRenewed(token()),
      'tokenWillExpire' => TokenWillExpire(token(), Duration(milliseconds: m['msLeft'] as int)),
      'tokenExpired' => TokenExpired(token()),
      _ => TokenFailed(TokenRenewException(TokenErrorCode.of(m['code'] as int), m['message'] as String,
          permanent: m['permanent'] as bool)),
    };
  }
}

/// A new token: hand it to the SDK (Agora's renewToken).
final class TokenRenewed extends TokenEvent {
  const TokenRenewed(this.token);
  final Token token;
}

/// [token] expires in [left] and no fresher one has arrived yet.
final class TokenWillExpire extends TokenEvent {
  const TokenWillExpire(this.token, this.left);
  final Token token;
  final Duration left;
}

/// [token] expired with no replacement; renewal goes on trying.
final class TokenExpired extends TokenEvent {
  const TokenExpired(this.token);
  final Token token;
}

/// A failed fetch. When [error] is permanent, renewal waits for [TokenRenewer.refresh] or
/// [TokenRenewer.resume] (after the user signs in again).
final class TokenFailed extends TokenEvent {
  const TokenFailed(this.error);
  final TokenRenewException error;
}

/// Keeps one token fresh.
abstract final class TokenRenewer {
  static const _methods = MethodChannel('dev.tokenrenew/methods');
  static const _events = EventChannel('dev.tokenrenew/events');

  /// Every event, on the main isolate. Listen before [start] to see the first token.
  static final Stream<TokenEvent> events = _events
      .receiveBroadcastStream()
      .map((e) => TokenEvent._fromMap(e as Map<Object?, Object?>));

  /// Starts renewal, stopping a renewer started before. Every option of the Go Config is
  /// here; null means its default (see the Go package renewer). [profile] is "agora",
  /// "dolby", "roomservice", "json", "text" or "" (detect). Throws a [TokenRenewException]
  /// (config, insecureUrl, wrongIdentity) when the options are not usable.
  static Future<void> start({
    required String url,
    String profile = '',
    String? tokenType,
    String? channel,
    String? uid,
    String? role,
    Duration? expiry,
    bool? legacy,
    String? room,
    String? document,
    String? method,
    Uint8List? body,
    String? tokenField,
    String? expiresInField,
    String? expiresAtField,
    Map<String, String> headers = const {},
    bool? allowInsecureHttp,
    Duration? warnBefore,
    Duration? refreshBefore,
    Duration? requestTimeout,
    Duration? minBackoff,
    Duration? maxBackoff,
    Duration? fallbackTtl,
    Duration? wakeInterval,
    bool? disableJitter,
    String? identity,
    String? storeKey,
    Token? seed,
  }) {
    // One key per setter of the Go Config: mobile/parity_test.go holds them to that table.
    final options = <String, Object?>{ // options:begin
      'url': url,
      'profile': profile,
      'tokenType': tokenType,
      'channel': channel,
      'uid': uid,
      'role': role,
      'expiryMs': expiry?.inMilliseconds,
      'legacy': legacy,
      'room': room,
      'document': document,
      'method': method,
      'body': body,
      'tokenField': tokenField,
      'expiresInField': expiresInField,
      'expiresAtField': expiresAtField,
      'headers': headers,
      'allowInsecureHttp': allowInsecureHttp,
      'warnBeforeMs': warnBefore?.inMilliseconds,
      'refreshBeforeMs': refreshBefore?.inMilliseconds,
      'requestTimeoutMs': requestTimeout?.inMilliseconds,
      'minBackoffMs': minBackoff?.inMilliseconds,
      'maxBackoffMs': maxBackoff?.inMilliseconds,
      'fallbackTtlMs': fallbackTtl?.inMilliseconds,
      'wakeIntervalMs': wakeInterval?.inMilliseconds,
      'disableJitter': disableJitter,
      'identity': identity,
      'storeKey': storeKey,
      'seed': seed?._toMap(),
    }..removeWhere((_, v) => v == null); // options:end
    return _call('start', options);
  }

  /// The current token, waiting up to [timeout] for the first one across transient
  /// failures; throws the [TokenRenewException] of a permanent failure or of the timeout.
  static Future<Token> token({Duration timeout = const Duration(seconds: 10)}) async =>
      Token._fromMap((await _call('token', {'timeoutMs': timeout.inMilliseconds}))!);

  /// Fetches a new token now; also ends the wait after a permanent failure.
  static Future<Token> refresh({Duration timeout = const Duration(seconds: 10)}) async =>
      Token._fromMap((await _call('refresh', {'timeoutMs': timeout.inMilliseconds}))!);

  /// The token held while it is valid, else null. It never waits.
  static Future<Token?> current() async {
    final m = await _call('current');
    return m == null ? null : Token._fromMap(m);
  }

  /// The service rejected [rejected] ("" for the current token): fetch a new one at once.
  static Future<void> invalidate([String rejected = '']) => _call('invalidate', {'token': rejected});

  /// The app went to the background (`AppLifecycleState.paused`): no retry, no timer.
  static Future<void> pause() => _call('pause');

  /// The app is back in the foreground or online (`AppLifecycleState.resumed`).
  static Future<void> resume() => _call('resume');

  /// Stops renewal.
  static Future<void> stop() => _call('stop');

  static Future<Map<Object?, Object?>?> _call(String method, [Map<String, Object?>? args]) async {
    try {
      return await _methods.invokeMethod<Map<Object?, Object?>>(method, args);
    } on PlatformException catch (e) {
      throw TokenRenewException._fromPlatform(e);
    }
  }
}
