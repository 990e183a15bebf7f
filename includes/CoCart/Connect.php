<?php
/**
 * "Connect to a store" and "Replace this key": a key pair obtained through WooCommerce's app authentication
 * (the store's /wc-auth/v1/authorize), never copied by hand.
 *
 *  1. start(): a token (Credentials\ConnectTokens) for this user and store, and the address the browser goes to:
 *     <store>/wc-auth/v1/authorize?app_name=&scope=&user_id=<token>&return_url=<Settings tab>&callback_url=<our
 *     callback>. WooCommerce sends keys only to an HTTPS callback_url, so a site without HTTPS cannot start.
 *  2. receive(): the store's server-to-server POST of {key_id, user_id, consumer_key, consumer_secret,
 *     key_permissions} to the callback. Accepted once, for a pending token, from the store the token was minted
 *     for: WordPress's HTTP API names the sending site in its User-Agent ("WordPress/6.7; https://shop.example"),
 *     and a key sent by another site is refused. The pair is kept encrypted, bound to the store's origin.
 *  3. finish(): the browser is back on the Settings tab with success=1|0&user_id=<token>. The connection doctor
 *     runs with the new pair alone (Settings::candidate()); only when no check fails does the pair replace the one
 *     in use, and then the manager is told where to revoke the old one. Otherwise the old pair stays in use and
 *     the report says why.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\ConnectTokens;
use CartSessions\Credentials\Settings;
use CartSessions\Credentials\Validator;
use WP_Error;

final class Connect {

	/** The name the store shows on its approve screen and in the new key's description. */
	public const APP_NAME = 'Cart Sessions for CoCart';

	public const SCOPES = array( 'read', 'read_write' );

	/** The fields WooCommerce posts to the callback, in its order. */
	public const CALLBACK_FIELDS = array( 'key_id', 'user_id', 'consumer_key', 'consumer_secret', 'key_permissions' );

	/** Where WooCommerce lists REST API keys, under the store's wp-admin. */
	private const KEYS_SCREEN = 'wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys';

	/** @var ConnectTokens */
	private $tokens;

	/** @var Settings */
	private $settings;

	public function __construct( ?ConnectTokens $tokens = null, ?Settings $settings = null ) {
		$this->tokens   = $tokens ?? new ConnectTokens();
		$this->settings = $settings ?? new Settings();
	}

	/**
	 * Why this site cannot start a connect (it is not on HTTPS, or wp-config.php fixes the connection), or null.
	 */
	public function refusal( string $callback_url ): ?WP_Error {
		foreach ( array( 'store_url', 'consumer_key', 'consumer_secret' ) as $field ) {
			if ( $this->settings->is_locked( $field ) ) {
				return new WP_Error(
					'cart_sessions_connect_locked',
					sprintf(
						/* translators: %s: constant name such as COCART_CONSUMER_KEY */
						__( 'The connection is set by %s in wp-config.php or the server environment, so a key obtained here could not be used. Change or remove it there.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						(string) $this->settings->override_name( $field )
					),
					array( 'status' => 409 )
				);
			}
		}
		if ( 0 !== strpos( $callback_url, 'https://' ) ) {
			return new WP_Error(
				'cart_sessions_connect_needs_https',
				__( 'This site is not on HTTPS, and WooCommerce sends a new key only to an HTTPS address. Give this site an HTTPS certificate, or create a key on the store under WooCommerce → Settings → Advanced → REST API and paste it below.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				array( 'status' => 400 )
			);
		}
		return null;
	}

	/**
	 * Step 1: the store's authorize address for the browser.
	 *
	 * @return array{authorize_url:string,expires_at:string}|WP_Error
	 */
	public function start( string $store_url, string $scope, int $user_id, string $return_url, string $callback_url ) {
		$refused = $this->refusal( $callback_url );
		if ( null !== $refused ) {
			return $refused;
		}
		$error = '' === trim( $store_url )
			? __( 'Enter the store’s address (for example https://shop.example.com).', 'cart-sessions-for-cocart' )
			: Validator::store_url( $store_url );
		if ( null !== $error ) {
			return new WP_Error(
				'rest_invalid_param',
				$error,
				array(
					'status' => 400,
					'params' => array( 'store_url' => $error ),
				)
			);
		}
		$store = Validator::normalise_url( $store_url );
		$token = $this->tokens->mint( $user_id, $store, $scope );
		$query = http_build_query(
			array(
				'app_name'     => self::APP_NAME,
				'scope'        => $scope,
				'user_id'      => $token,
				'return_url'   => $return_url,
				'callback_url' => $callback_url,
			),
			'',
			'&',
			PHP_QUERY_RFC3986
		);
		return array(
			'authorize_url' => $store . '/wc-auth/v1/authorize?' . $query,
			'expires_at'    => gmdate( 'c', time() + ConnectTokens::TTL ),
		);
	}

	/**
	 * Step 2: the store's callback. True when the pair was kept; false for anything else (which the route answers
	 * with the same refusal, whatever the reason).
	 *
	 * @param mixed  $body       The decoded JSON body.
	 * @param string $user_agent The request's User-Agent.
	 */
	public function receive( $body, string $user_agent ): bool {
		if ( ! is_array( $body ) ) {
			return false;
		}
		foreach ( self::CALLBACK_FIELDS as $field ) {
			if ( ! isset( $body[ $field ] ) || ! is_scalar( $body[ $field ] ) ) {
				return false;
			}
		}
		$token = (string) $body['user_id'];
		$valid = preg_match( '/^[0-9a-f]{64}$/', $token )
			&& null === Validator::consumer_key( $body['consumer_key'] )
			&& null === Validator::consumer_secret( $body['consumer_secret'] )
			&& in_array( $body['key_permissions'], array( 'read', 'write', 'read_write' ), true )
			&& (int) $body['key_id'] > 0;
		if ( ! $valid ) {
			return false;
		}
		$received = $this->tokens->receive(
			$token,
			array(
				'consumer_key'    => (string) $body['consumer_key'],
				'consumer_secret' => (string) $body['consumer_secret'],
				'key_id'          => (int) $body['key_id'],
				'key_permissions' => (string) $body['key_permissions'],
			),
			self::sender_origin( $user_agent )
		);
		return ConnectTokens::RECEIVED === $received;
	}

	/**
	 * The origin of the site WordPress's HTTP API names in its User-Agent ("WordPress/<version>; <home URL>"), or ''.
	 */
	public static function sender_origin( string $user_agent ): string {
		if ( ! preg_match( '#^WordPress/[^;]*;\s*(https?://\S+)$#i', trim( $user_agent ), $matches ) ) {
			return '';
		}
		return Validator::origin( $matches[1] );
	}

	/**
	 * Step 3: back on the Settings tab.
	 *
	 * @return array<string,mixed>|WP_Error status: connected | denied | failed; message; report (connected,
	 *                                      failed); revoke (connected, when a key was replaced; failed: the new
	 *                                      key): {store_url, keys_url, hint, truncated_key, description}.
	 */
	public function finish( string $token, bool $approved, int $user_id ) {
		$record = preg_match( '/^[0-9a-f]{64}$/', $token ) ? $this->tokens->take( $token, $user_id ) : null;
		$late   = null !== $record && ConnectTokens::PENDING === $record['state']
			&& time() - (int) $record['minted_at'] > ConnectTokens::TTL;
		if ( null === $record || $late ) {
			return new WP_Error(
				'cart_sessions_connect_expired',
				__( 'This connection request has expired or was already used (each lasts 15 minutes and works once). Nothing was saved. Click “Connect to a store” again.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				array( 'status' => 410 )
			);
		}
		if ( ! $approved ) {
			return array(
				'status'  => 'denied',
				'message' => __( 'The store did not give a key: access was denied (or the login cancelled) on the store. Nothing was saved; the connection is as it was.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		}
		if ( ConnectTokens::RECEIVED !== $record['state'] ) {
			return self::not_received( $record );
		}
		return $this->try_and_adopt( $record );
	}

	/**
	 * @param array<string,mixed> $record
	 */
	private static function not_received( array $record ): WP_Error {
		$reason = (string) ( $record['reason'] ?? '' );
		if ( 'origin' === $reason ) {
			$sender  = (string) ( $record['sender'] ?? '' );
			$message = '' === $sender
				? sprintf(
					/* translators: %s: the store's address */
					__( 'A key arrived, but not from a WordPress site that named itself %s, so it was refused and nothing was saved. If the store’s plugins change how it identifies itself, create a key on the store by hand and paste it below.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					(string) $record['store_url']
				)
				: sprintf(
					/* translators: 1: the address entered, 2: the address the store gave for itself */
					__( 'The store at %1$s calls itself %2$s, so its key was refused and nothing was saved. Connect again with %2$s as the store’s address.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					(string) $record['store_url'],
					$sender
				);
			return new WP_Error( 'cart_sessions_connect_wrong_store', $message, array( 'status' => 409 ) );
		}
		if ( 'encryption' === $reason ) {
			return new WP_Error(
				'cart_sessions_encryption_unavailable',
				__( 'The key was not kept: this server cannot encrypt it (libsodium is missing or the site has no security keys). Ask your host to enable the PHP sodium extension, or set the key pair with the COCART_CONSUMER_KEY and COCART_CONSUMER_SECRET constants.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				array( 'status' => 500 )
			);
		}
		return new WP_Error(
			'cart_sessions_connect_no_key',
			__( 'The store approved, but its key never reached this site. The store must be able to reach this site’s address over HTTPS with a certificate it trusts (a firewall, a private address or a self-signed certificate stops it). Nothing was saved. Try again, or create a key on the store by hand and paste it below.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			array( 'status' => 502 )
		);
	}

	/**
	 * The doctor with the new pair alone; the pair replaces the one in use only when no check fails.
	 *
	 * @param array<string,mixed> $record
	 * @return array<string,mixed>|WP_Error
	 */
	private function try_and_adopt( array $record ) {
		$pair        = $record['pair'];
		$store_url   = (string) $record['store_url'];
		$description = sprintf(
			'%s - API (%s)', // WooCommerce's description of a key made by app authentication, in UTC.
			self::APP_NAME,
			gmdate( 'Y-m-d H:i:s', (int) ( $record['received_at'] ?? time() ) )
		);
		$report      = ( new Doctor( new Client( Settings::candidate( $store_url, $pair ) ) ) )->run();
		if ( ! $report['ok'] ) {
			return array(
				'status'  => 'failed',
				'message' => __( 'The new key did not pass the connection doctor, so it was not saved and the connection is as it was. The failed checks below say why. The store keeps the new key: revoke it there.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				'report'  => $report,
				'revoke'  => array(
					'store_url'     => $store_url,
					'keys_url'      => self::keys_screen( $store_url, (int) $record['key_id'] ),
					'hint'          => Validator::hint( (string) $pair['consumer_key'] ),
					'truncated_key' => substr( (string) $pair['consumer_key'], -7 ),
					'description'   => $description,
				),
			);
		}

		$before = $this->settings->describe();
		$meta   = is_array( $before['key_meta'] ) ? $before['key_meta'] : null;
		$input  = array(
			'store_url'       => $store_url,
			'consumer_key'    => (string) $pair['consumer_key'],
			'consumer_secret' => (string) $pair['consumer_secret'],
			'key_meta'        => array(
				'via'         => 'connect',
				'description' => $description,
				'permission'  => (string) $record['permission'],
				'key_id'      => (int) $record['key_id'],
			),
		);
		if ( Validator::origin( (string) $before['store_url'] ) !== (string) $record['origin'] ) {
			$input['backup_keys'] = array(); // They belong to the other store.
		}
		$saved = $this->settings->save( $input );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		$revoke = null;
		if ( '' !== $before['consumer_key_hint'] ) {
			$revoke = array(
				'store_url'     => (string) $before['store_url'],
				'keys_url'      => self::keys_screen( (string) $before['store_url'], (int) ( $meta['key_id'] ?? 0 ) ),
				'hint'          => (string) $before['consumer_key_hint'],
				'truncated_key' => (string) ( $meta['truncated_key'] ?? '' ),
				'description'   => (string) ( $meta['description'] ?? '' ),
			);
		}
		return array(
			'status'  => 'connected',
			'message' => __( 'Connected: the new key passed the connection doctor and is now in use.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'report'  => $report,
			'revoke'  => $revoke,
		);
	}

	/**
	 * The store's REST API keys screen, where a key is revoked: the key's own page when its id is known (its
	 * "Revoke key" link is there).
	 */
	public static function keys_screen( string $store_url, int $key_id = 0 ): string {
		$url = untrailingslashit( $store_url ) . '/' . self::KEYS_SCREEN;
		return $key_id > 0 ? $url . '&edit-key=' . $key_id : $url;
	}
}
