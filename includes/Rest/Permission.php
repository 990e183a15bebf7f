<?php
/**
 * The permission check of every cart-sessions/v1 route: manage_cart_sessions (see Capability). 401 for a
 * visitor who is not logged in, 403 for a logged-in user without the capability, and 403 for a logged-in
 * cookie that came without a valid wp_rest nonce (WordPress itself answers 403 rest_cookie_invalid_nonce for a
 * wrong nonce; for a missing one it treats the request as anonymous, which we report the same way).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Capability;
use WP_Error;

final class Permission {

	public const NAMESPACE = 'cart-sessions/v1';

	/**
	 * permission_callback for every route.
	 *
	 * @return true|WP_Error
	 */
	public static function check() {
		if ( current_user_can( Capability::NAME ) ) {
			return true;
		}
		if ( ! is_user_logged_in() && self::has_login_cookie() ) {
			// Logged in, but the request came without a valid wp_rest nonce, so WordPress treated it as anonymous.
			return new WP_Error(
				'rest_cookie_invalid_nonce',
				__(
					'Your session’s security token is missing or out of date. Reload the page and try again.',
					'cart-sessions-for-cocart'
				),
				array( 'status' => 403 )
			);
		}
		if ( ! is_user_logged_in() ) {
			return new WP_Error(
				'rest_not_logged_in',
				__(
					'You are not logged in. Log in to WordPress again and reload the page.',
					'cart-sessions-for-cocart'
				),
				array( 'status' => 401 )
			);
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage cart sessions.', 'cart-sessions-for-cocart' ),
			array( 'status' => 403 )
		);
	}

	/**
	 * Whether the request carries a valid logged-in cookie (WordPress ignores it on REST requests without a
	 * nonce, so the user looks anonymous).
	 */
	private static function has_login_cookie(): bool {
		return defined( 'LOGGED_IN_COOKIE' )
			&& ! empty( $_COOKIE[ LOGGED_IN_COOKIE ] )
			&& false !== wp_validate_auth_cookie( '', 'logged_in' );
	}
}
