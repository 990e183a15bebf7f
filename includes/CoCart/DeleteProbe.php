<?php
/**
 * Asks the store what the key may do, without changing anything: a DELETE of a cart key that cannot exist
 * answers 404 for a Read/Write key and 401 "does not have write permissions" for a read-only one (WooCommerce
 * checks the key's permission before the route runs). The connection doctor and the Sessions service's
 * DeletePermission both ask this way.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use WP_Error;

final class DeleteProbe {

	public const READ       = 'read';
	public const READ_WRITE = 'read_write';

	/**
	 * A cart route that names no cart (a random key), in the store's shape (docs/cocart-api.md#routes).
	 */
	public static function path( bool $documented ): string {
		$route = $documented ? 'cocart/v2/sessions/' : 'cocart/v2/session/';
		return $route . 'cart_sessions_probe_' . bin2hex( random_bytes( 10 ) );
	}

	/**
	 * The DELETE of $path (from path()).
	 *
	 * @param array<string,mixed> $options Client::request() options (e.g. timeout).
	 * @return Response|WP_Error
	 */
	public static function ask( Client $client, string $path, array $options = array() ) {
		return $client->request( 'DELETE', $path, array(), array( 'idempotent' => true ) + $options );
	}

	/**
	 * What the answer says: READ_WRITE, READ, or null when it says neither (unreachable, bad key…).
	 *
	 * @param Response|WP_Error $answer
	 */
	public static function verdict( $answer ): ?string {
		$reason = $answer instanceof WP_Error ? (string) ( $answer->get_error_data()['reason'] ?? '' ) : '';
		if ( 'not_found' === $reason ) {
			return self::READ_WRITE;
		}
		if ( 'key_permission' === $reason ) {
			return self::READ;
		}
		return null;
	}
}
