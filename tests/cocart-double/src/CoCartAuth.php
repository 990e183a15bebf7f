<?php
/**
 * CoCart's own authentication (CoCart_Authentication): Basic username (or email) + WordPress password, or
 * username/password request parameters, for cocart/ requests, only over HTTPS or when the environment type is
 * local/development (docs/cocart-api.md#authentication). It does not understand consumer keys: a Basic "ck_…:cs_…"
 * that reaches it is looked up as a username and fails with 401 cocart_authentication_error.
 *
 * Priority on determine_current_user: 16 (after WooCommerce's 15) — except in the 4.8.0 mode, which registers it
 * at the default 10, before WooCommerce: a Basic ck:cs header then records its error first and the request
 * answers 401 even though WooCommerce authenticated the key; query-string keys (no Authorization header) work.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

use WP_Error;

final class CoCartAuth {

	/** @var string */
	private $mode;

	/** @var WP_Error|null */
	private $error = null;

	/** @var string */
	private $auth_method = '';

	/** @var \WP_User|null */
	private $user = null;

	public function __construct( string $mode ) {
		$this->mode = $mode;
	}

	public function register(): void {
		add_filter( 'determine_current_user', array( $this, 'authenticate' ), '4.8.0' === $this->mode ? 10 : 16 );
		add_filter( 'rest_authentication_errors', array( $this, 'authentication_fallback' ) );
		add_filter( 'rest_authentication_errors', array( $this, 'check_authentication_error' ), 15 );
		add_filter( 'rest_authentication_errors', array( $this, 'no_error_means_true' ), 99 );
	}

	/**
	 * CoCart::is_rest_api_request(): REQUEST_URI contains "{rest prefix}/cocart/" (so not ?rest_route=).
	 */
	public static function is_cocart_request(): bool {
		if ( empty( $_SERVER['REQUEST_URI'] ) ) {
			return false;
		}
		return false !== strpos(
			(string) $_SERVER['REQUEST_URI'],
			trailingslashit( rest_get_url_prefix() ) . 'cocart/'
		);
	}

	/**
	 * @param int|false $user_id
	 * @return int|false
	 */
	public function authenticate( $user_id ) {
		if ( ! empty( $user_id ) || ! self::is_cocart_request() ) {
			return $user_id;
		}
		if ( is_ssl() || in_array( wp_get_environment_type(), array( 'local', 'development' ), true ) ) {
			$user_id = $this->perform_basic_authentication();
		}
		return $user_id;
	}

	/**
	 * @param mixed $error
	 * @return mixed
	 */
	public function authentication_fallback( $error ) {
		if ( ! empty( $error ) ) {
			return $error;
		}
		if (
			empty( $this->error )
			&& '' === $this->auth_method
			&& empty( $this->user )
			&& 0 === get_current_user_id()
		) {
			$user_id = $this->authenticate( false );
			if ( ! empty( $user_id ) ) {
				wp_set_current_user( (int) $user_id );
				return true;
			}
		}
		return $error;
	}

	/**
	 * Returns CoCart's recorded error, which wins over WooCommerce's (CoCart's check runs first: a wrong
	 * secret over HTTPS answers cocart_authentication_error).
	 *
	 * The real check returns true when it has no error. Run first, that would also swallow WooCommerce's OAuth
	 * errors, yet real stores answer them on CoCart routes (woocommerce_rest_authentication_missing_parameter,
	 * reported against CoCart 3.0.3 in issue #239 of co-cart/co-cart on GitHub). The double follows the stores:
	 * it lets WooCommerce's error through here and adds the "true" later (no_error_means_true()).
	 *
	 * @param mixed $error
	 * @return mixed
	 */
	public function check_authentication_error( $error ) {
		if ( ! empty( $error ) ) {
			return $error;
		}
		if ( $this->error instanceof WP_Error ) {
			return $this->error;
		}
		return $error;
	}

	/**
	 * No error at all → true, which (≤ 4.9.6) also skips WordPress's cookie-nonce check. The real one does that on
	 * every REST request; the double limits it to cocart/ requests so the rest of the site (our plugin's routes)
	 * keeps WordPress's normal cookie authentication.
	 *
	 * @param mixed $error
	 * @return mixed
	 */
	public function no_error_means_true( $error ) {
		if ( empty( $error ) && self::is_cocart_request() ) {
			return true;
		}
		return $error;
	}

	private function set_error( WP_Error $error ): void {
		$this->user  = null;
		$this->error = $error;
	}

	private static function get_username( string $username ): string {
		if ( is_email( $username ) ) {
			$user = get_user_by( 'email', $username );
			if ( $user ) {
				return $user->user_login;
			}
		}
		return $username;
	}

	/**
	 * @return int|false
	 */
	private function perform_basic_authentication() {
		$this->auth_method = 'basic_auth';
		$username          = '';
		$password          = '';
		$header            = isset( $_SERVER['HTTP_AUTHORIZATION'] ) ? (string) $_SERVER['HTTP_AUTHORIZATION'] : '';
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- credentials, not a form.
		if ( preg_match( '/^Basic ([a-zA-Z0-9+\/=]+)$/', $header, $m ) ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
			$parts = explode( ':', (string) base64_decode( $m[1] ), 2 );
			if ( 2 === count( $parts ) ) {
				list( $username, $password ) = $parts;
				$username                    = self::get_username( $username );
			}
		} elseif ( ! empty( $_SERVER['PHP_AUTH_USER'] ) && ! empty( $_SERVER['PHP_AUTH_PW'] ) ) {
			$username = self::get_username( trim( sanitize_user( wp_unslash( (string) $_SERVER['PHP_AUTH_USER'] ) ) ) );
			$password = trim( sanitize_text_field( wp_unslash( (string) $_SERVER['PHP_AUTH_PW'] ) ) );
		} elseif ( ! empty( $_REQUEST['username'] ) && ! empty( $_REQUEST['password'] ) ) {
			$username = self::get_username( trim( sanitize_user( wp_unslash( (string) $_REQUEST['username'] ) ) ) );
			$password = trim( sanitize_text_field( wp_unslash( (string) $_REQUEST['password'] ) ) );
		}
		// phpcs:enable
		if ( '' === $username && '' === $password ) {
			return false;
		}
		if ( '' === $username || '' === $password ) {
			$this->set_error(
				new WP_Error( 'cocart_authentication_error', 'Authentication invalid!', array( 'status' => 401 ) )
			);
			return false;
		}
		$user = get_user_by( 'login', $username );
		if ( ! $user ) {
			$this->set_error(
				new WP_Error(
					'cocart_authentication_error',
					'Authentication is invalid. Please check your login details are correct and try again.',
					array( 'status' => 401 )
				)
			);
			return false;
		}
		if ( ! wp_check_password( $password, $user->data->user_pass, $user->ID ) ) {
			$this->set_error(
				new WP_Error(
					'cocart_authentication_error',
					'The password you entered is incorrect.',
					array( 'status' => 401 )
				)
			);
			return false;
		}
		$this->user = $user;
		return (int) $user->ID;
	}
}
