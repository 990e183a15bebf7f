<?php
/**
 * Turns what the store (or the network) answered into a WP_Error a store manager can act on: the message says
 * what happened and what to do. data: status (what our REST route answers), reason (a stable id the UI and the
 * doctor use), upstream_status, upstream_code; never credentials (messages go through the Redactor).
 *
 * Reasons: not_configured, reconnect_required, invalid_override, bad_url, bad_key, key_ignored, key_permission,
 * key_owner, clock, cocart_missing, permalinks_off, https_required, redirected, unreachable, certificate,
 * blocked_url, too_slow, busy, store_error, not_json, blocked, not_found, upstream_error, own_cart (a delete of the
 * key owner's own cart, refused before it is sent).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\Encryption;
use CartSessions\Credentials\Settings;
use WP_Error;

final class Errors {

	/** Reasons that mean "this key pair was refused": the client then tries the backup pairs. */
	public const KEY_REFUSED = array( 'bad_key', 'key_ignored' );

	/** Reasons that can only come after the store authenticated the key pair. */
	public const AFTER_AUTH = array( 'not_found', 'key_permission' );

	/** Upstream codes that mean "no such cart" (list empty, or a key that is not in the table). */
	public const NOT_FOUND_CODES = array(
		'cocart_no_carts_in_session',
		'cocart_cart_in_session_not_valid',
		'cocart_session_not_valid',
		'cocart_session_not_found',
		'cocart_session_key_missing',
	);

	/**
	 * @param array<string,mixed> $data
	 */
	public static function make(
		string $reason,
		string $message,
		int $status,
		array $data = array(),
		array $secrets = array()
	): WP_Error {
		return new WP_Error(
			'cart_sessions_' . $reason,
			Redactor::redact( $message, $secrets ),
			array_merge(
				array(
					'status' => $status,
					'reason' => $reason,
				),
				$data
			)
		);
	}

	public static function for_state( string $state, Settings $settings ): WP_Error {
		switch ( $state ) {
			case Settings::STATE_RECONNECT:
				$short_key = Encryption::constant_key_error();
				if ( null !== $short_key ) {
					return self::make( 'reconnect_required', $short_key, 409 );
				}
				$saved_for = $settings->origin_mismatch();
				if ( null !== $saved_for ) {
					return self::make(
						'reconnect_required',
						sprintf(
							/* translators: 1: origin the key pair was saved for, 2: origin of the store URL in use */
							__( 'Reconnect required: the saved key pair belongs to %1$s, but the store URL in use is %2$s (changed in Settings, in the database, or by COCART_API_URL). A saved secret is only sent to the store it was saved for: enter the key pair for %2$s in Settings, or set the store URL back.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
							$saved_for,
							$settings->store_origin()
						),
						409
					);
				}
				return self::make(
					'reconnect_required',
					__( 'Reconnect required: the saved key pair can no longer be read because this site’s security keys (salts) or CART_SESSIONS_ENCRYPTION_KEY changed. Enter the consumer key and secret again in Settings.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					409
				);
			case Settings::STATE_INVALID_OVERRIDE:
				return self::make( 'invalid_override', implode( ' ', $settings->override_errors() ), 409 );
			default:
				return self::make(
					'not_configured',
					__( 'Not connected yet: enter the store URL and a WooCommerce REST API key pair in Settings.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					409
				);
		}
	}

	/**
	 * A WP_Error from the HTTP API (nothing came back). The message is generic on purpose: the transport's own
	 * text ("Received HTTP/0.9", "Couldn't connect") would tell whoever can save a store URL which ports answer
	 * on which hosts. That text goes to the debug log only (Client).
	 */
	public static function transport( WP_Error $error, string $store_url, int $timeout ): WP_Error {
		$text = strtolower( $error->get_error_message() );
		$timed_out = false !== strpos( $text, 'timed out' ) || false !== strpos( $text, 'curl error 28' )
			|| false !== strpos( $text, 'operation timed out' );
		if ( $timed_out ) {
			return self::make(
				'too_slow',
				sprintf(
					/* translators: 1: store URL, 2: seconds */
					__( 'The store at %1$s did not answer within %2$d seconds. It may be overloaded or its list of carts too big: raise the timeout in Settings, or clean up expired carts on the store.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					$store_url,
					$timeout
				),
				504
			);
		}
		$refused = false !== strpos( $text, 'valid url' ) || 'http_request_not_executed' === $error->get_error_code()
			|| false !== strpos( $text, 'blocked requests' );
		if ( $refused ) {
			return self::make(
				'blocked_url',
				sprintf(
					/* translators: %s: store URL */
					__( 'WordPress refuses to send requests to %s: it is a private-network or link-local address, or this site blocks outbound requests (WP_HTTP_BLOCK_EXTERNAL without the store in WP_ACCESSIBLE_HOSTS). Use the store’s public address, or allow it with the http_request_host_is_external filter or WP_ACCESSIBLE_HOSTS.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					$store_url
				),
				502
			);
		}
		if ( false !== strpos( $text, 'ssl' ) || false !== strpos( $text, 'certificate' ) ) {
			return self::make(
				'certificate',
				sprintf(
					/* translators: %s: store URL */
					__( 'Could not make a secure connection to %s. This site does not trust the store’s HTTPS certificate (self-signed, expired, or issued for another name). The debug log has the details.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					$store_url
				),
				502
			);
		}
		return self::make(
			'unreachable',
			sprintf(
				/* translators: %s: store URL */
				__( 'Could not reach the store at %s. Check the store URL, and that the store is online and accepts connections from this server. The debug log has the details.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				$store_url
			),
			502
		);
	}

	/**
	 * A non-2xx answer, or a 2xx that is not JSON.
	 *
	 * @param array<string,string> $headers Lower-cased names.
	 * @param array<string,string> $ctx     path, scheme (http|https), auth, store_url, method.
	 * @param string[]             $secrets
	 */
	public static function response(
		int $status,
		array $headers,
		string $body,
		array $ctx,
		array $secrets = array()
	): WP_Error {
		$decoded  = Body::decode( $body );
		$json     = $decoded['ok'] ? $decoded['data'] : null;
		$code     = is_array( $json ) && is_string( $json['code'] ?? null ) ? $json['code'] : '';
		$upstream = is_array( $json ) && is_string( $json['message'] ?? null )
			? wp_strip_all_tags( $json['message'] )
			: '';
		$upstream = substr( Redactor::redact( $upstream, $secrets ), 0, 300 );
		$path     = '/' . ltrim( (string) ( $ctx['path'] ?? '' ), '/' );
		$store    = (string) ( $ctx['store_url'] ?? '' );
		$https    = 'https' === ( $ctx['scheme'] ?? '' );
		$data     = array(
			'upstream_status' => $status,
			'upstream_code'   => $code,
		);
		$make     = static function (
			string $reason,
			string $message,
			int $our_status,
			array $more = array()
		) use ( $data, $secrets ): WP_Error {
			return self::make( $reason, $message, $our_status, array_merge( $data, $more ), $secrets );
		};

		if ( $status >= 300 && $status < 400 ) {
			$location = (string) ( $headers['location'] ?? '' );
			$shown    = (string) strtok( $location, '?#' );
			$to       = (array) wp_parse_url( $location );
			if ( ! $https && 'https' === strtolower( (string) ( $to['scheme'] ?? '' ) ) ) {
				return $make(
					'https_required',
					sprintf(
						/* translators: %s: https address */
						__( 'The store only answers over HTTPS: change the store URL to %s. (Requests that carry credentials never follow a redirect.)', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						'https://' . ( $to['host'] ?? '' ) . ( isset( $to['port'] ) ? ':' . $to['port'] : '' )
					),
					502
				);
			}
			$asked     = (string) strtok( (string) ( $ctx['url'] ?? '/wp-json/' ), '?' );
			$from_rest = false !== strpos( $asked, '/wp-json/' );
			$slashed   = untrailingslashit( $shown ) === untrailingslashit( $asked ) && $shown !== $asked;
			$off_rest = false === strpos( $location, '/wp-json/' ) && false === strpos( $location, 'rest_route=' );
			if ( $from_rest && ( $slashed || $off_rest ) ) {
				// WordPress on plain permalinks does not route /wp-json/: it redirects it (a canonical trailing
				// slash, or elsewhere) or answers 404. The REST API itself never redirects.
				return $make(
					'permalinks_off',
					sprintf(
						/* translators: 1: store URL, 2: address redirected to */
						__( 'The store’s REST API address (%1$s/wp-json/) redirects to %2$s: the store uses plain permalinks, and CoCart’s key authentication only works on /wp-json/ addresses. On the store, turn on pretty permalinks (Settings → Permalinks: anything but Plain).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$store,
						'' !== $shown ? $shown : '?'
					),
					502
				);
			}
			return $make(
				'redirected',
				sprintf(
					/* translators: 1: HTTP status, 2: address redirected to */
					__( 'The store answered with a redirect (HTTP %1$d) to %2$s instead of data. If that is the store’s real address, use it as the store URL. (Requests that carry credentials never follow a redirect.)', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					$status,
					'' !== $shown ? $shown : '?'
				),
				502
			);
		}

		if ( 401 === $status ) {
			if ( false !== stripos( $upstream, 'permissions' ) ) {
				return $make(
					'key_permission',
					sprintf(
						/* translators: %s: the store's message */
						__( 'The API key does not have the permission this needs (“%s”). On the store, edit the key under WooCommerce → Settings → Advanced → REST API and set Permissions to Read/Write.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$upstream
					),
					502
				);
			}
			$anonymous = array(
				'cocart_rest_cannot_view',
				'woocommerce_rest_cannot_view',
				'cocart_unauthorized',
				'rest_not_logged_in',
				'rest_forbidden',
			);
			if ( in_array( $code, $anonymous, true ) ) {
				if ( $https ) {
					return $make(
						'key_ignored',
						__( 'The store did not see the API key: the request arrived as anonymous. Its web server may strip the Authorization header, or WordPress there does not know it is served over HTTPS (a proxy without HTTPS=on / X-Forwarded-Proto). Fix the server setting, or check the key pair.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						502
					);
				}
				return $make(
					'https_required',
					__( 'Over plain HTTP the store accepts only OAuth-signed requests, and it ignored ours. Use the store’s https:// address as the store URL.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					502
				);
			}
			if ( false !== stripos( $upstream, 'timestamp' ) ) {
				return $make(
					'clock',
					__( 'The store refused the request’s timestamp: the clocks of this server and the store differ by more than 15 minutes. Fix the server time (NTP), or use https://.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					502
				);
			}
			if ( false !== stripos( $upstream, 'signature' ) ) {
				return $make(
					'bad_key',
					__( 'The store refused the OAuth signature. Check the consumer secret, and that the store URL is exactly the store’s own home address (WordPress signs against it: same http/https, host, port and path).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					502
				);
			}
			return $make(
				'bad_key',
				sprintf(
					/* translators: %s: the store's error code */
					__( 'The store refused the API key pair (%s). Check the consumer key and secret: copy them again from the store’s WooCommerce → Settings → Advanced → REST API, or create a new key there.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					'' !== $code ? $code : 'HTTP 401'
				),
				502
			);
		}

		if ( 403 === $status ) {
			$not_allowed = array(
				'cocart_rest_cannot_view',
				'woocommerce_rest_cannot_view',
				'cocart_forbidden',
				'rest_forbidden',
				'woocommerce_rest_cannot_update',
			);
			if ( in_array( $code, $not_allowed, true ) ) {
				return $make(
					'key_owner',
					__( 'The API key is valid, but the user it belongs to cannot manage WooCommerce. On the store, create the key for a user with the Administrator or Shop manager role.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					502
				);
			}
			return $make(
				'blocked',
				__( 'Something on the store (a firewall, security plugin or the host) refused the request with HTTP 403 before WordPress answered. Allow requests from this server to the store’s /wp-json/ addresses.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				502
			);
		}

		if ( 404 === $status ) {
			if ( in_array( $code, self::NOT_FOUND_CODES, true ) ) {
				$message = '' !== $upstream ? $upstream : __( 'Not found on the store.', 'cart-sessions-for-cocart' );
				return $make( 'not_found', $message, 404 );
			}
			if ( 'rest_no_route' === $code ) {
				return $make(
					'cocart_missing',
					sprintf(
						/* translators: %s: REST route */
						__( 'The store has no REST route %s: CoCart is not active there, or is older than 3.1. Install and activate CoCart on the store.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$path
					),
					502
				);
			}
			if ( ! $decoded['ok'] ) {
				return $make(
					'permalinks_off',
					sprintf(
						/* translators: %s: store URL */
						__( 'The store’s REST API address (%s/wp-json/) answers “not found”. On the store, turn on pretty permalinks (Settings → Permalinks: anything but Plain), or check the store URL.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$store
					),
					502
				);
			}
		}

		if ( 429 === $status || 503 === $status ) {
			$retry = self::retry_after( $headers );
			return $make(
				'busy',
				null === $retry
					? sprintf(
						/* translators: %d: HTTP status */
						__( 'The store is busy or in maintenance (HTTP %d). Try again in a minute.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$status
					)
					: sprintf(
						/* translators: 1: HTTP status, 2: seconds */
						__( 'The store is busy or in maintenance (HTTP %1$d) and asks to wait %2$d seconds. Try again then.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$status,
						(int) ceil( $retry )
					),
				503,
				array( 'retry_after' => null === $retry ? null : (int) ceil( $retry ) )
			);
		}

		if ( $status >= 500 ) {
			$kind = $decoded['ok'] ? 'json' : Body::describe_html( $body );
			if ( 'critical_error' === $kind || 'internal_server_error' === $code ) {
				$is_list = (bool) preg_match( '#/cocart/v2/sessions/?$#', $path );
				return $make(
					'store_error',
					$is_list
						? __( 'The store crashed while listing its carts — usually it ran out of memory, because CoCart loads every cart at once. Clear expired carts on the store (WooCommerce → Status → Tools → Clear expired carts, or the Cleanup tab), or raise the store’s PHP memory limit.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						: sprintf(
							/* translators: %s: REST route */
							__( 'The store hit a PHP fatal error on %s (WordPress’s “critical error” page). Some CoCart versions crash on carts with items (4.7.0-era); update CoCart on the store. Details are in the store’s PHP error log.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
							$path
						),
					502,
					array( 'list_oom' => $is_list )
				);
			}
			return $make(
				'store_error',
				sprintf(
					/* translators: %d: HTTP status */
					__( 'The store (or a proxy in front of it) failed with HTTP %d. Try again later; if it persists, check the store’s error log.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					$status
				),
				$status >= 502 && $status <= 504 ? 502 : 502
			);
		}

		if ( ! $decoded['ok'] ) {
			$kind = Body::describe_html( $body );
			switch ( $kind ) {
				case 'challenge':
					$message = __( 'The store answered with a browser check page instead of data: a firewall or bot protection (such as Cloudflare) sits in front of it. Allow requests from this server’s IP address to /wp-json/ on the store.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					break;
				case 'truncated':
					$message = __( 'The store’s answer was cut off half-way. The store probably ran out of memory or time while answering: clean up expired carts or raise its limits.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					break;
				case 'empty':
					$message = __(
						'The store sent an empty answer instead of data. Check the store’s PHP error log.',
						'cart-sessions-for-cocart'
					);
					break;
				default:
					$message = sprintf(
						/* translators: %d: HTTP status */
						__( 'The store’s answer (HTTP %d) is not JSON: something other than the WordPress REST API answered (a cache, security plugin or host page). Check the store URL, and that /wp-json/ on the store is not blocked or cached.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$status
					);
			}
			return $make( 'not_json', $message, 502, array( 'body_kind' => $kind ) );
		}

		return $make(
			'upstream_error',
			sprintf(
				/* translators: 1: HTTP status, 2: the store's message, 3: the store's error code */
				__( 'The store answered HTTP %1$d: %2$s (%3$s)', 'cart-sessions-for-cocart' ),
				$status,
				'' !== $upstream ? $upstream : '…',
				'' !== $code ? $code : '-'
			),
			$status >= 400 && $status < 500 ? 502 : 502
		);
	}

	/**
	 * Seconds from a Retry-After header (delta-seconds or an HTTP date), or null.
	 *
	 * @param array<string,string> $headers
	 */
	public static function retry_after( array $headers ): ?float {
		$value = trim( (string) ( $headers['retry-after'] ?? '' ) );
		if ( '' === $value ) {
			return null;
		}
		if ( ctype_digit( $value ) ) {
			return (float) $value;
		}
		$time = strtotime( $value );
		return false === $time ? null : (float) max( 0, $time - time() );
	}

	/**
	 * The fix part of an error's message (the client's messages say what happened, then what to do), for a screen
	 * that shows the fix on its own: the connection doctor, the Sessions tab's error panel.
	 *
	 * @param mixed $error
	 */
	public static function fix_for( $error ): ?string {
		if ( ! $error instanceof WP_Error ) {
			return null;
		}
		$reason = (string) ( $error->get_error_data()['reason'] ?? '' );
		$fixes  = array(
			'bad_key'        => __( 'Copy the consumer key and secret again from the store (WooCommerce → Settings → Advanced → REST API), or create a new key there, and save them here.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'key_ignored'    => __( 'Make the store see the Authorization header and HTTPS (HTTPS=on / X-Forwarded-Proto behind a proxy), and check the key pair.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'https_required' => __( 'Use the store’s https:// address as the store URL.', 'cart-sessions-for-cocart' ),
			'unreachable'    => __( 'Check the store URL, and that the store is online and accepts connections from this server.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'certificate'    => __( 'Give the store a certificate from a public authority (Let’s Encrypt is free). For a staging store with a self-signed certificate, trust exactly that certificate on this site with core’s https_ssl_verify filter (the readme’s FAQ has a copy-paste mu-plugin).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'too_slow'       => __( 'Raise the timeout in Settings, or check why the store is slow.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'blocked_url'    => __( 'Use the store’s public address, or allow it with the http_request_host_is_external filter.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'clock'          => __( 'Fix the server clocks (NTP), or use https://.', 'cart-sessions-for-cocart' ),
			'permalinks_off' => __( 'On the store: Settings → Permalinks → any structure but Plain → Save.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'cocart_missing' => __( 'Install and activate CoCart on the store.', 'cart-sessions-for-cocart' ),
			'not_json'       => __( 'Allow this server’s requests to /wp-json/ on the store past any firewall, cache or bot protection.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'redirected'     => __( 'Use the address the store redirects to as the store URL.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'busy'           => __( 'Try again in a minute.', 'cart-sessions-for-cocart' ),
			'store_error'    => __( 'Check the store’s PHP error log; clean up expired carts or raise its memory limit.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'blocked'        => __( 'Allow this server’s requests past the store’s firewall or security plugin.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		);
		return $fixes[ $reason ] ?? null;
	}
}
